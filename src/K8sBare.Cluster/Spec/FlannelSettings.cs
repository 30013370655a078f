namespace K8sBare.Cluster;

/// <summary>flannel as a host service with its network config stored in etcd.</summary>
public sealed record FlannelSettings
{
    /// <summary>The backend type.</summary>
    public FlannelBackend Backend { get; init; } = FlannelBackend.Vxlan;

    /// <summary>The etcd key prefix (<c>--etcd-prefix</c>); the config lives at <c>&lt;prefix&gt;/config</c>.</summary>
    public string EtcdPrefix { get; init; } = "/coreos.com/network";

    /// <summary>
    /// The interface (name or address) flannel uses for inter-node traffic (<c>--iface</c>). Null uses each node's
    /// cluster address (<see cref="NodeSpec.Address"/>), so a second, default-route interface (a public address on a
    /// VPS) is never chosen by accident.
    /// </summary>
    public string? Interface { get; init; }

    /// <summary>The VXLAN network identifier (<c>Backend.VNI</c>, vxlan only; 1–16777215); null keeps flannel's default 1.</summary>
    public int? Vni { get; init; }

    /// <summary>The VXLAN UDP port (<c>Backend.Port</c>, vxlan only); null keeps the kernel default 8472.</summary>
    public int? Port { get; init; }

    /// <summary>The first node subnet flannel may lease (<c>SubnetMin</c>, inside the pod range); null: the second subnet.</summary>
    public string? SubnetMin { get; init; }

    /// <summary>The last node subnet flannel may lease (<c>SubnetMax</c>, inside the pod range); null: the last subnet.</summary>
    public string? SubnetMax { get; init; }

    /// <summary>Whether flannel masquerades traffic leaving the pod network (<c>--ip-masq</c>).</summary>
    public bool IpMasquerade { get; init; } = true;
}
