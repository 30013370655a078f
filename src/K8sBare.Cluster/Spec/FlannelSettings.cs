namespace K8sBare.Cluster;

/// <summary>flannel as a host service with its network config stored in etcd.</summary>
public sealed record FlannelSettings
{
    /// <summary>The backend type.</summary>
    public FlannelBackend Backend { get; init; } = FlannelBackend.Vxlan;

    /// <summary>The etcd key prefix (<c>--etcd-prefix</c>); the config lives at <c>&lt;prefix&gt;/config</c>.</summary>
    public string EtcdPrefix { get; init; } = "/coreos.com/network";

    /// <summary>The interface flannel uses for inter-node traffic (<c>--iface</c>); null lets flannel pick.</summary>
    public string? Interface { get; init; }

    /// <summary>Whether flannel masquerades traffic leaving the pod network (<c>--ip-masq</c>).</summary>
    public bool IpMasquerade { get; init; } = true;
}
