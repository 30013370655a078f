namespace K8sBare.Cluster;

/// <summary>
/// The name of a phase of a workflow (like kubeadm's phases): <c>preflight</c>, <c>etcd</c>,
/// <c>control-plane</c>, … Phases are compared by name. The well-known phases of the apply workflow are
/// static members; <see cref="Workflow.Apply"/> lists them in run order.
/// </summary>
public sealed record ApplyPhase
{
    private ApplyPhase(string name, string description)
    {
        Name = name;
        Description = description;
    }

    /// <summary>The kebab-case name, as the CLI writes it (<c>control-plane</c>).</summary>
    public string Name { get; }

    /// <summary>What the phase does (one sentence).</summary>
    public string Description { get; }

    /// <summary>Gather facts and check them: init system, architecture, swap, ip_forward, ports (53 on CoreDNS hosts).</summary>
    public static ApplyPhase Preflight { get; } = new("preflight", "Gather facts and check them against the spec.");

    /// <summary>Persist ip_forward and bridge sysctls, load overlay/br_netfilter, turn swap off and keep it off.</summary>
    public static ApplyPhase Prepare { get; } = new("prepare", "Persist sysctls and modules, turn swap off.");

    /// <summary>Place certificates, keys and kubeconfigs (generated in the local PKI store).</summary>
    public static ApplyPhase Pki { get; } = new("pki", "Place certificates, keys and kubeconfigs.");

    /// <summary>Upload (or link) binaries from their sources.</summary>
    public static ApplyPhase Binaries { get; } = new("binaries", "Upload or link the binaries.");

    /// <summary>Write component configs and service units/scripts.</summary>
    public static ApplyPhase Files { get; } = new("files", "Write configs, units and init scripts.");

    /// <summary>Enable and start etcd, wait until every member is healthy.</summary>
    public static ApplyPhase Etcd { get; } = new("etcd", "Start etcd and wait until every member is healthy.");

    /// <summary>Write flannel's network config into etcd.</summary>
    public static ApplyPhase Network { get; } = new("network", "Write flannel's network config into etcd.");

    /// <summary>Enable and start kube-apiserver, controller-manager and scheduler; wait for the API.</summary>
    public static ApplyPhase ControlPlane { get; } = new("control-plane", "Start the control plane and wait for /readyz.");

    /// <summary>Create the RBAC objects and the kube-dns Service through the API.</summary>
    public static ApplyPhase Rbac { get; } = new("rbac", "Apply the RBAC objects and the kube-dns Service.");

    /// <summary>Enable and start containerd, flanneld, kubelet, kube-proxy and CoreDNS.</summary>
    public static ApplyPhase Workers { get; } = new("workers", "Start the worker services.");

    /// <summary>Check that every worker registered and is Ready.</summary>
    public static ApplyPhase Verify { get; } = new("verify", "Wait until every running kubelet's node is Ready.");

    /// <summary>The name.</summary>
    public override string ToString() => Name;

    /// <summary>Equal when the names are equal.</summary>
    /// <param name="other">The other phase.</param>
    public bool Equals(ApplyPhase? other) => other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);
}
