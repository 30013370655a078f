namespace K8sBare.Cluster;

/// <summary>How clients (kubelets, kube-proxy, flannel, CoreDNS, admins) reach the API server.</summary>
public enum ApiEndpointMode
{
    /// <summary>The first control-plane node's address (no HA; the $20 cluster).</summary>
    FirstControlPlane,

    /// <summary>An external load balancer at <see cref="ApiEndpoint.Host"/>.</summary>
    ExternalLoadBalancer,

    /// <summary>
    /// A local proxy (nginx stream) on every node that is not a control plane, listening on 127.0.0.1 and forwarding to
    /// all apiservers (control-plane nodes use their own apiserver); <see cref="ApiEndpoint.Host"/> optionally names
    /// the external load balancer the operator uses.
    /// </summary>
    LocalProxy,

    /// <summary>A keepalived virtual IP (<see cref="ApiEndpoint.VirtualIp"/>) floating between control-plane nodes.</summary>
    KeepalivedVip,

    /// <summary>A DNS name (<see cref="ApiEndpoint.Host"/>) with one A record per control-plane node.</summary>
    DnsRoundRobin,
}
