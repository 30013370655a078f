using K8sBare.Testing.Testbed;

namespace K8sBare.Cluster.Tests.EndToEnd;

/// <summary>
/// A collection's own test bed, started once with <paramref name="options"/> (so its tests run beside other
/// collections'). Outside CI without root or tools it does not start and <see cref="Testbed"/> throws with the reason.
/// </summary>
/// <param name="options">The hosts.</param>
/// <param name="what">Names the test bed in the error when it did not start.</param>
public abstract class OwnTestbedFixture(TestbedOptions options, string what) : IAsyncLifetime
{
    private Testbed? _testbed;

    /// <summary>The test bed; throws with the reason when it did not start.</summary>
    public Testbed Testbed => _testbed ?? throw new InvalidOperationException($"the {what} test bed did not start: {SkipReason ?? "not initialized"}");

    /// <summary>Why the test bed was not started (null when it was).</summary>
    public string? SkipReason { get; private set; }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        SkipReason = TestbedRequirements.SkipReason(booted: true);
        if (SkipReason is not null) return;
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(25));
        _testbed = await Testbed.StartAsync(options, cts.Token);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_testbed is not null) await _testbed.DisposeAsync();
    }
}
