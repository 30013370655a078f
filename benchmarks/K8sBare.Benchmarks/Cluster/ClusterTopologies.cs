using K8sBare.Cluster;

namespace K8sBare.Benchmarks.Cluster;

/// <summary>Topologies for the cluster benchmarks.</summary>
public static class ClusterTopologies
{
    /// <summary>The $20 cluster: one master, two workers (one OpenRC).</summary>
    public static ClusterSpec Twenty() =>
        ClusterBuilder.Create("twenty")
            .AddControlPlane("master", "10.0.0.10")
            .AddWorker("node-1", "10.0.0.11")
            .AddWorker("node-2", "10.0.0.12", n => n.UseOpenRc())
            .Build();

    /// <summary>Three control-plane/etcd nodes and <paramref name="workers"/> workers on 10.1.0.0/16 (a /14 pod range for them).</summary>
    /// <param name="workers">How many workers.</param>
    public static ClusterSpec Large(int workers)
    {
        var b = ClusterBuilder.Create("large")
            .WithNetwork("10.200.0.0/14", "10.32.0.0/24", "10.32.0.10")
            .AddControlPlane("cp-1", "10.1.0.11").AddControlPlane("cp-2", "10.1.0.12").AddControlPlane("cp-3", "10.1.0.13")
            .WithApiEndpoint(ApiEndpointMode.LocalProxy);
        for (var i = 0; i < workers; i++)
            b.AddWorker($"worker-{i + 1}", $"10.1.{4 + i / 250}.{1 + i % 250}", n => { if (i % 2 == 1) n.UseOpenRc(); });
        return b.Build();
    }
}
