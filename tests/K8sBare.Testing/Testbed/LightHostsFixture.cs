using Xunit;

namespace K8sBare.Testing.Testbed;

/// <summary>
/// xunit fixture: <see cref="HostCount"/> light hosts (light-1 … light-3) started once and shared (use through
/// <see cref="TestbedCollections.Light"/>). Outside CI without root or tools it does not start and
/// <see cref="Testbed"/> throws with <see cref="SkipReason"/> (tests marked RequiresFact(Root = true) skip anyway);
/// under CI it always starts, and a failure fails the tests.
/// </summary>
public sealed class LightHostsFixture : IAsyncLifetime
{
    private Testbed? _testbed;

    /// <summary>Number of light hosts.</summary>
    public const int HostCount = 3;

    /// <summary>The shared testbed.</summary>
    public Testbed Testbed => _testbed ?? throw new InvalidOperationException($"the light-hosts testbed did not start: {SkipReason ?? "not initialized"}");

    /// <summary>Why the testbed was not started (null when it was).</summary>
    public string? SkipReason { get; private set; }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        SkipReason = TestbedRequirements.SkipReason(booted: false);
        if (SkipReason is not null) return;
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        _testbed = await Testbed.StartAsync(new TestbedOptions { LightHosts = HostCount }, cts.Token);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_testbed is not null) await _testbed.DisposeAsync();
    }
}
