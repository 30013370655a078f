namespace K8sBare.Cluster;

/// <summary>The versions of the cluster's components. They select flags and config formats.</summary>
public sealed record ComponentVersions
{
    /// <summary>Kubernetes (kube-apiserver, controller-manager, scheduler, kubelet, kube-proxy); 1.30–1.34.</summary>
    public string Kubernetes { get; init; } = "1.32.3";

    /// <summary>etcd; 3.5+ (3.4 is accepted with a warning).</summary>
    public string Etcd { get; init; } = "3.5.21";

    /// <summary>containerd; 1.7 or 2.x.</summary>
    public string Containerd { get; init; } = "2.1.0";

    /// <summary>flannel; 0.25+.</summary>
    public string Flannel { get; init; } = "0.26.7";

    /// <summary>CoreDNS; 1.11+.</summary>
    public string CoreDns { get; init; } = "1.12.0";

    /// <summary>The containernetworking CNI plugins; 1.x.</summary>
    public string CniPlugins { get; init; } = "1.6.2";
}
