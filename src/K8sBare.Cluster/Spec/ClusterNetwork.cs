namespace K8sBare.Cluster;

/// <summary>The cluster's address plan.</summary>
public sealed record ClusterNetwork
{
    /// <summary>The pod network (flannel's <c>Network</c>, the controller-manager's <c>--cluster-cidr</c>).</summary>
    public string PodCidr { get; init; } = "10.200.0.0/16";

    /// <summary>The service network (<c>--service-cluster-ip-range</c>).</summary>
    public string ServiceCidr { get; init; } = "10.32.0.0/24";

    /// <summary>The per-node pod subnet length (flannel's <c>SubnetLen</c>).</summary>
    public int NodeSubnetLength { get; init; } = 24;

    /// <summary>The cluster DNS domain.</summary>
    public string ClusterDomain { get; init; } = "cluster.local";

    /// <summary>The DNS service IP given to pods (kubelet <c>clusterDNS</c>); inside the service range.</summary>
    public string DnsServiceIp { get; init; } = "10.32.0.10";

    /// <summary>
    /// The networks the nodes live on (optional). Pod and service ranges must not overlap them; node
    /// addresses are always checked as well.
    /// </summary>
    public IReadOnlyList<string> NodeCidrs { get; init; } = [];

    /// <summary>
    /// True when all nodes share one layer-2 segment (a LAN). On VPS providers without real L2,
    /// flannel's host-gw backend cannot work (see the $20 cluster write-up).
    /// </summary>
    public bool SharedLayer2 { get; init; }
}
