using K8sBare.Testing.Testbed;

namespace K8sBare.Cluster.Tests.EndToEnd;

/// <summary>
/// A test bed of its own for adding and removing workers on a real Kubernetes: "master", "node-1" and "node-2", all
/// systemd (node-2 starts as a fresh host and joins on day 2), so it runs beside the other real-cluster collections.
/// </summary>
public sealed class WorkerTestbedFixture() : OwnTestbedFixture(new TestbedOptions { SystemdHosts = ["master", "node-1", "node-2"] }, "worker");

/// <summary>The collection of <see cref="WorkerOperationsEndToEndTests"/>.</summary>
[CollectionDefinition(Name)]
public sealed class WorkerOperationsCollection : ICollectionFixture<WorkerTestbedFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "K8sBare testbed: real Kubernetes worker operations";
}
