namespace K8sBare.Cluster;

/// <summary>
/// Which host runs which component: the one source both the renderers (services, configs, binaries) and the PKI
/// mapping (certificates, keys, kubeconfigs) read, so a host gets the credentials of exactly the services it runs.
/// Roles decide the control plane, etcd and the node components; <see cref="DnsSettings.Placement"/> decides CoreDNS;
/// <see cref="ApiEndpoint.Mode"/> decides the local proxy and keepalived.
/// </summary>
public static class ComponentPlacement
{
    /// <summary>Whether <paramref name="node"/> runs <paramref name="component"/>.</summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="node">One of <paramref name="spec"/>'s nodes.</param>
    /// <param name="component">The component; <see cref="ClusterComponent.Host"/> (host preparation) runs on every node.</param>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> or <paramref name="node"/> is null.</exception>
    public static bool Runs(ClusterSpec spec, NodeSpec node, ClusterComponent component)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(node);
        return component switch
        {
            ClusterComponent.Etcd => node.IsEtcd,
            ClusterComponent.KubeApiserver or ClusterComponent.KubeControllerManager or ClusterComponent.KubeScheduler => node.IsControlPlane,
            ClusterComponent.Containerd or ClusterComponent.Cni or ClusterComponent.Flannel or ClusterComponent.Kubelet or ClusterComponent.KubeProxy => node.IsWorker,
            ClusterComponent.CoreDns => spec.Dns.Placement switch
            {
                CoreDnsPlacement.HostServiceOnWorkers => node.IsWorker,
                CoreDnsPlacement.HostServiceOnControlPlane => node.IsControlPlane,
                _ => false,
            },
            ClusterComponent.ApiEndpoint => spec.ApiEndpoint.Mode switch
            {
                ApiEndpointMode.LocalProxy => !node.IsControlPlane,
                ApiEndpointMode.KeepalivedVip => node.IsControlPlane,
                _ => false,
            },
            ClusterComponent.Host => true,
            _ => throw new ArgumentOutOfRangeException(nameof(component), component, "Not a cluster component."),
        };
    }

    /// <summary>The nodes that run <paramref name="component"/>, in spec order.</summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="component">The component.</param>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> is null.</exception>
    public static IReadOnlyList<NodeSpec> NodesRunning(ClusterSpec spec, ClusterComponent component)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Nodes.Where(n => n is not null && Runs(spec, n, component)).ToList();
    }
}
