namespace K8sBare.Cluster.Validation;

/// <summary>
/// Port collisions on one host: the configurable ports (API, local proxy) against the fixed ports of the other
/// components K8sBare runs on the same node (etcd 2379/2380, kubelet 10250/10248, kube-proxy 10249/10256,
/// controller-manager 10257, scheduler 10259, flannel health 8285, CoreDNS 53/8080/8181/9153), and an external
/// load balancer placed at a control-plane node's own address and API port.
/// </summary>
internal static class PortRules
{
    public static void Check(ClusterSpec spec, ProblemCollector p)
    {
        var e = spec.ApiEndpoint;
        var reported = new HashSet<(string Field, int Port)>();
        foreach (var node in spec.Nodes)
        {
            if (node is null) continue;
            var fixedPorts = FixedPorts(spec, node);
            if (ComponentPlacement.Runs(spec, node, ClusterComponent.KubeApiserver) && fixedPorts.TryGetValue(e.Port, out var owner) && reported.Add(("apiEndpoint.port", e.Port)))
                p.Error(ProblemCodes.PortCollision, "apiEndpoint.port",
                    $"The API port {e.Port} is {owner}'s port on control-plane node '{node.Name}'; kube-apiserver could not bind it.",
                    "Use another port, usually 6443.");
            if (e.Mode == ApiEndpointMode.LocalProxy && ComponentPlacement.Runs(spec, node, ClusterComponent.ApiEndpoint)
                && fixedPorts.TryGetValue(e.LocalProxyPort, out var owner2) && reported.Add(("apiEndpoint.localProxyPort", e.LocalProxyPort)))
                p.Error(ProblemCodes.PortCollision, "apiEndpoint.localProxyPort",
                    $"The local proxy port {e.LocalProxyPort} is {owner2}'s port on node '{node.Name}'; the proxy could not bind it.",
                    "Use another port, usually 6443.");
        }

        if (e.Mode is ApiEndpointMode.ExternalLoadBalancer or ApiEndpointMode.LocalProxy && NetworkMath.TryParseIp(e.Host, out var lb))
        {
            var cp = spec.ControlPlaneNodes.FirstOrDefault(n => n.Addresses.Any(a => NetworkMath.TryParseIp(a, out var x) && x.Equals(lb)));
            if (cp is not null)
                p.Error(ProblemCodes.PortCollision, "apiEndpoint.host",
                    $"The external load balancer {e.Host}:{e.Port} is control-plane node '{cp.Name}''s own address and API port: the load balancer and kube-apiserver cannot both listen there, and losing that node loses the endpoint.",
                    "Put the load balancer on its own address, or use first-control-plane / keepalived-vip.");
        }
    }

    /// <summary>The fixed ports of every component K8sBare runs on <paramref name="node"/>, with the component's name.</summary>
    internal static Dictionary<int, string> FixedPorts(ClusterSpec spec, NodeSpec node)
    {
        var ports = new Dictionary<int, string>();
        if (ComponentPlacement.Runs(spec, node, ClusterComponent.Etcd))
        {
            ports[2379] = "etcd (clients)";
            ports[2380] = "etcd (peers)";
        }

        if (ComponentPlacement.Runs(spec, node, ClusterComponent.KubeControllerManager))
        {
            ports[10257] = "kube-controller-manager";
            ports[10259] = "kube-scheduler";
        }

        if (ComponentPlacement.Runs(spec, node, ClusterComponent.Kubelet))
        {
            ports[10250] = "the kubelet";
            ports[10248] = "the kubelet (healthz)";
            ports[10249] = "kube-proxy (metrics)";
            ports[10256] = "kube-proxy (healthz)";
            ports[8285] = "flanneld (healthz)";
        }

        if (ComponentPlacement.Runs(spec, node, ClusterComponent.CoreDns))
        {
            ports[53] = "CoreDNS";
            ports[8080] = "CoreDNS (health)";
            ports[8181] = "CoreDNS (ready)";
            ports[9153] = "CoreDNS (metrics)";
        }

        return ports;
    }
}
