namespace K8sBare.Cluster;

/// <summary>The API server endpoint every kubeconfig points at.</summary>
public sealed record ApiEndpoint
{
    /// <summary>How the endpoint is provided.</summary>
    public ApiEndpointMode Mode { get; init; } = ApiEndpointMode.FirstControlPlane;

    /// <summary>
    /// The load balancer address or DNS name (ExternalLoadBalancer, DnsRoundRobin). With LocalProxy, optional: the
    /// external load balancer in front of the apiservers that the operator (admin.kubeconfig) uses from outside the
    /// nodes, while the nodes themselves go through their local proxy (kubespray's <c>loadbalancer_apiserver</c>
    /// with <c>loadbalancer_apiserver_localhost</c>). It becomes a subject alternative name of the apiserver
    /// certificate, and K8sBare renders the load balancer's haproxy.cfg for it (ClusterArtifacts.OperatorFiles).
    /// </summary>
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
