using K8sBare.Testing.Testbed;

namespace K8sBare.Cluster.Tests.EndToEnd;

/// <summary>A test bed of its own (master, node-1 systemd; node-2 OpenRC) for the real Kubernetes cluster.</summary>
[CollectionDefinition(Name)]
public sealed class RealKubernetesCollection : ICollectionFixture<ClusterTestbedFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "K8sBare testbed: real Kubernetes";
}
