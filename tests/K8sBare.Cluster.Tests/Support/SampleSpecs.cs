using K8sBare.Cluster;

namespace K8sBare.Cluster.Tests.Support;

/// <summary>Specs shared by the tests.</summary>
internal static class SampleSpecs
{
    /// <summary>The $20 cluster on made-up addresses (render-only; SSH key path given but not required).</summary>
    public static ClusterSpec Twenty(string identityFile = "/nonexistent/id_ed25519") =>
        ClusterBuilder.Create("twenty")
            .WithSsh(identityFile)
            .AddControlPlane("master", "10.0.0.10")
            .AddWorker("node-1", "10.0.0.11")
            .AddWorker("node-2", "10.0.0.12", n => n.UseOpenRc())
            .UseFlannel(FlannelBackend.Vxlan)
            .Build();

    /// <summary>Three control-plane/etcd nodes behind local proxies and two workers (one OpenRC), on made-up addresses.</summary>
    public static ClusterSpec Ha(string identityFile = "/nonexistent/id_ed25519") =>
        ClusterBuilder.Create("ha")
            .WithSsh(identityFile)
            .AddControlPlane("cp-1", "10.0.1.11").AddControlPlane("cp-2", "10.0.1.12").AddControlPlane("cp-3", "10.0.1.13")
            .AddWorker("w-1", "10.0.1.21").AddWorker("w-2", "10.0.1.22", n => n.UseOpenRc())
            .WithApiEndpoint(ApiEndpointMode.LocalProxy)
            .Build();
}
