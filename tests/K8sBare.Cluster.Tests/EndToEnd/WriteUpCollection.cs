using K8sBare.Testing.Testbed;

namespace K8sBare.Cluster.Tests.EndToEnd;

/// <summary>
/// A test bed of its own for the HA write-up's shape with real Kubernetes: cp-1, cp-2 (control planes with etcd),
/// w-1 (worker with the third etcd member), w-2 (worker) and lb (the external load balancer's host), all systemd.
/// </summary>
[CollectionDefinition(Name)]
public sealed class WriteUpCollection : ICollectionFixture<WriteUpTestbedFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "K8sBare testbed: the HA write-up's shape with real Kubernetes";
}

/// <summary>Starts the five hosts once for <see cref="WriteUpCollection"/>.</summary>
public sealed class WriteUpTestbedFixture() : OwnTestbedFixture(new TestbedOptions { SystemdHosts = ["cp-1", "cp-2", "w-1", "w-2", "lb"] }, "HA write-up");
