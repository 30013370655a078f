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
}
