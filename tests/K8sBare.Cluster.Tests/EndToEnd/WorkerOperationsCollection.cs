using K8sBare.Testing.Testbed;

namespace K8sBare.Cluster.Tests.EndToEnd;

/// <summary>
/// A test bed of its own for adding and removing workers on a real Kubernetes: "master", "node-1" and "node-2", all
/// systemd (node-2 starts as a fresh host and joins on day 2), so it runs beside the other real-cluster collections.
/// </summary>
public sealed class WorkerTestbedFixture : IAsyncLifetime
{
    private Testbed? _testbed;

    /// <summary>The test bed (throws with the skip reason when it could not start outside CI).</summary>
    public Testbed Testbed => _testbed ?? throw new InvalidOperationException($"the worker testbed did not start: {SkipReason ?? "not initialized"}");

    /// <summary>Why the test bed was not started (null when it was).</summary>
    public string? SkipReason { get; private set; }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        SkipReason = TestbedRequirements.SkipReason(booted: true);
        if (SkipReason is not null) return;
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(25));
        _testbed = await Testbed.StartAsync(new TestbedOptions { SystemdHosts = ["master", "node-1", "node-2"] }, cts.Token);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_testbed is not null) await _testbed.DisposeAsync();
    }
}

/// <summary>The collection of <see cref="WorkerOperationsEndToEndTests"/>.</summary>
[CollectionDefinition(Name)]
public sealed class WorkerOperationsCollection : ICollectionFixture<WorkerTestbedFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "K8sBare testbed: real Kubernetes worker operations";
}
