using Xunit;

namespace K8sBare.Testing.Testbed;

/// <summary>
/// xunit fixture: the cluster testbed — "master" (systemd), "node-1" (systemd), "node-2" (OpenRC) — started once
/// and shared (use through <see cref="TestbedCollections.Cluster"/>). The first run builds the cached rootfs
/// (debootstrap, ~2 min); later starts take seconds. Outside CI without root or tools it does not start and
/// <see cref="Testbed"/> throws with <see cref="SkipReason"/>; under CI it always starts, and a failure fails the tests.
/// </summary>
public sealed class ClusterTestbedFixture : IAsyncLifetime
{
    private Testbed? _testbed;

    /// <summary>The options the fixture starts with.</summary>
    public static TestbedOptions Options { get; } = new()
    {
        SystemdHosts = ["master", "node-1"],
        OpenRcHosts = ["node-2"],
    };

    /// <summary>The shared testbed.</summary>
    public Testbed Testbed => _testbed ?? throw new InvalidOperationException($"the cluster testbed did not start: {SkipReason ?? "not initialized"}");

    /// <summary>Why the testbed was not started (null when it was).</summary>
    public string? SkipReason { get; private set; }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        SkipReason = TestbedRequirements.SkipReason(booted: true);
        if (SkipReason is not null) return;
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(25));
        _testbed = await Testbed.StartAsync(Options, cts.Token);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_testbed is not null) await _testbed.DisposeAsync();
    }
}
