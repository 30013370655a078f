namespace K8sBare.Cluster;

/// <summary>The API server endpoint every kubeconfig points at.</summary>
public sealed record ApiEndpoint
{
    /// <summary>How the endpoint is provided.</summary>
    public ApiEndpointMode Mode { get; init; } = ApiEndpointMode.FirstControlPlane;

    /// <summary>The load balancer address or DNS name (ExternalLoadBalancer, DnsRoundRobin).</summary>
    public string? Host { get; init; }

    /// <summary>The virtual IP (KeepalivedVip).</summary>
    public string? VirtualIp { get; init; }

    /// <summary>The port clients connect to.</summary>
    public int Port { get; init; } = 6443;

    /// <summary>The prefix length of the virtual IP on its interface (KeepalivedVip), e.g. 24 for 10.0.1.100/24.</summary>
    public int VirtualIpPrefixLength { get; init; } = 24;

    /// <summary>The network interface keepalived puts the virtual IP on (KeepalivedVip).</summary>
    public string Interface { get; init; } = "eth0";

    /// <summary>The local proxy's port on every node (LocalProxy).</summary>
    public int LocalProxyPort { get; init; } = 6443;

    /// <summary>
    /// Extra names and addresses for the apiserver certificate (a public DNS name, a NAT address). Each becomes
    /// a subject alternative name; kubeconfigs keep using the endpoint above.
    /// </summary>
    public IReadOnlyList<string> ExtraSans { get; init; } = [];
}
