using K8sBare.Testing.Testbed;

namespace K8sBare.Cluster.Tests.EndToEnd;

/// <summary>A test bed of its own for the HA topology with real Kubernetes: cp-1, cp-2, cp-3 (control planes with etcd) and w-1 (worker), all systemd.</summary>
[CollectionDefinition(Name)]
public sealed class HaCollection : ICollectionFixture<HaTestbedFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "K8sBare testbed: HA with real Kubernetes";
}

/// <summary>Starts the four hosts once for <see cref="HaCollection"/>.</summary>
public sealed class HaTestbedFixture() : OwnTestbedFixture(new TestbedOptions { SystemdHosts = ["cp-1", "cp-2", "cp-3", "w-1"] }, "HA");
