namespace K8sBare.Cluster;

/// <summary>One machine of the cluster.</summary>
public sealed record NodeSpec
{
    /// <summary>The node name (a DNS label); also the Kubernetes node name and the etcd member name.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// The machine's host name when it differs from <see cref="Name"/> (e.g. <c>worker-1.example.com</c>); it is
    /// added to the node's serving certificates. Null: the node name is the host name.
    /// </summary>
    public string? HostName { get; init; }

    /// <summary>
    /// The node's addresses; the first is the cluster (internal) address that etcd, flannel (<c>--iface</c>,
    /// <c>--public-ip</c>), the kubelet (<c>--node-ip</c>) and the apiserver (<c>--advertise-address</c>) use.
    /// Put the internal-network address first; SSH uses <see cref="SshSettings.Host"/> when set.
    /// </summary>
    public IReadOnlyList<string> Addresses { get; init; } = [];

    /// <summary>The roles this node plays.</summary>
    public NodeRoles Roles { get; init; }

    /// <summary>The init system on this node.</summary>
    public InitSystem InitSystem { get; init; } = InitSystem.Systemd;

    /// <summary>How to reach the node over SSH.</summary>
    public SshSettings Ssh { get; init; } = new();

    /// <summary>The CPU architecture in Go notation (amd64, arm64).</summary>
    public string Architecture { get; init; } = "amd64";

    /// <summary>Extra node labels registered by the kubelet.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The resolv.conf the kubelet hands to pods (KubeletConfiguration <c>resolvConf</c>). Null: decided from the host
    /// at apply — <c>/run/systemd/resolve/resolv.conf</c> when systemd-resolved runs (its <c>/etc/resolv.conf</c> names
    /// the 127.0.0.53 stub, which loops inside pods), else <c>/etc/resolv.conf</c>. An offline render cannot know and
    /// assumes <c>/etc/resolv.conf</c>, flagged in PLAN.md and as a warning; set it to render for a known host.
    /// </summary>
    public string? ResolvConf { get; init; }

    /// <summary>The cluster address (the first of <see cref="Addresses"/>), or empty when none is set.</summary>
    public string Address => Addresses.Count > 0 ? Addresses[0] : "";

    /// <summary>Whether the node has every role in <paramref name="role"/>.</summary>
    /// <param name="role">One role or a combination.</param>
    public bool Has(NodeRoles role) => role != NodeRoles.None && (Roles & role) == role;

    /// <summary>True when the node runs the control plane.</summary>
    public bool IsControlPlane => Has(NodeRoles.ControlPlane);

    /// <summary>True when the node runs an etcd member.</summary>
    public bool IsEtcd => Has(NodeRoles.Etcd);

    /// <summary>True when the node runs workloads.</summary>
    public bool IsWorker => Has(NodeRoles.Worker);
}
