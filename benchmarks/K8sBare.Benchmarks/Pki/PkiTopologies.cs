using K8sBare.Pki.Catalog;

namespace K8sBare.Benchmarks.Pki;

/// <summary>Topologies the PKI benchmarks use.</summary>
public static class PkiTopologies
{
    /// <summary>The write-up's "$20 cluster": one master (etcd + control plane), workers node-1 and node-2.</summary>
    public static ClusterTopology TwentyDollar { get; } = new()
    {
        ClusterName = "kubernetes-the-hard-way",
        ServiceCidr = "10.32.0.0/24",
        ApiEndpoints = ["203.0.113.10"],
        ControlPlaneNodes = [new TopologyNode("master", "10.0.0.10", "203.0.113.10")],
        EtcdNodes = [new TopologyNode("master", "10.0.0.10")],
        WorkerNodes = [new TopologyNode("node-1", "10.0.0.11"), new TopologyNode("node-2", "10.0.0.12")],
    };

    /// <summary>
    /// A cluster of <paramref name="nodes"/> nodes: 3 control-plane nodes that also run etcd, the rest workers
    /// (<c>node-N</c>, 10.1.x.y).
    /// </summary>
    public static ClusterTopology Nodes(int nodes)
    {
        var masters = Enumerable.Range(1, 3).Select(i => new TopologyNode($"master-{i}", $"10.0.0.{10 + i}")).ToList();
        return new ClusterTopology
        {
            ClusterName = "big",
            ServiceCidr = "10.32.0.0/24",
            ApiEndpoints = ["10.0.0.10"],
            ControlPlaneNodes = masters,
            EtcdNodes = masters,
            WorkerNodes = Enumerable.Range(1, nodes - 3).Select(i => new TopologyNode($"node-{i}", $"10.1.{i / 250}.{i % 250 + 1}")).ToList(),
        };
    }
}
