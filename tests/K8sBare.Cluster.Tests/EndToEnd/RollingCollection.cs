using K8sBare.Testing.Testbed;

namespace K8sBare.Cluster.Tests.EndToEnd;

/// <summary>A test bed of its own for the rolling restart: cp-1, cp-2, cp-3 (systemd), each an etcd member and a control-plane node.</summary>
[CollectionDefinition(Name)]
public sealed class RollingCollection : ICollectionFixture<RollingTestbedFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "K8sBare testbed: rolling restart";
}

/// <summary>Starts the three control-plane hosts once for <see cref="RollingCollection"/>.</summary>
public sealed class RollingTestbedFixture : IAsyncLifetime
{
    private Testbed? _testbed;

    /// <summary>The hosts.</summary>
    public static IReadOnlyList<string> Hosts { get; } = ["cp-1", "cp-2", "cp-3"];

    /// <summary>The test bed; throws with the reason when it did not start.</summary>
    public Testbed Testbed => _testbed ?? throw new InvalidOperationException($"the rolling test bed did not start: {SkipReason ?? "not initialized"}");

    /// <summary>Why the test bed was not started (null when it was).</summary>
    public string? SkipReason { get; private set; }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        SkipReason = TestbedRequirements.SkipReason(booted: true);
        if (SkipReason is not null) return;
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(25));
        _testbed = await Testbed.StartAsync(new TestbedOptions { SystemdHosts = Hosts }, cts.Token);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_testbed is not null) await _testbed.DisposeAsync();
    }
}
