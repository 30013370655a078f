using K8sBare.Testing.Testbed;

namespace K8sBare.Cluster.Tests.EndToEnd;

/// <summary>
/// A test bed of its own for the cluster upgrade: "master", "node-1" and "node-2", systemd hosts of the Bookworm suite
/// (Debian 12: etcd 3.4.23 and containerd 1.6.20 from the hosts' packages), the state the upgrade starts from.
/// </summary>
public sealed class UpgradeTestbedFixture() : OwnTestbedFixture(new TestbedOptions { SystemdHosts = ["master", "node-1", "node-2"], Suite = TestbedSuite.Bookworm }, "upgrade");

/// <summary>The collection of <see cref="UpgradeEndToEndTests"/>.</summary>
[CollectionDefinition(Name)]
public sealed class UpgradeCollection : ICollectionFixture<UpgradeTestbedFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "K8sBare testbed: cluster upgrade (bookworm)";
}
