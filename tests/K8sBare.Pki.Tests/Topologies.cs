using K8sBare.Pki.Catalog;

namespace K8sBare.Pki.Tests;

/// <summary>The write-up's "$20 cluster": one master (etcd + control plane), two workers.</summary>
internal static class Topologies
{
    public static ClusterTopology TwentyDollar { get; } = new()
    {
        ClusterName = "kubernetes-the-hard-way",
        DnsDomain = "cluster.local",
        ServiceCidr = "10.32.0.0/24",
        ApiEndpoints = ["203.0.113.10", "k8s.example.com"],
        ControlPlaneNodes = [new TopologyNode("master", "10.0.0.10", "203.0.113.10")],
        EtcdNodes = [new TopologyNode("master", "10.0.0.10")],
        WorkerNodes = [new TopologyNode("node-1", "10.0.0.11"), new TopologyNode("node-2", "10.0.0.12")],
    };
}
