using K8sBare.Testing.Testbed;

namespace K8sBare.Units.Tests.OnHosts;

/// <summary>
/// This project's own testbed: one OpenRC host ("units-rc", Debian bookworm + sysvinit + OpenRC 0.45, no netifrc)
/// and one systemd host ("units-sd"), booted once for <see cref="UnitsTestbedCollection"/>. Outside CI without root or
/// the tools it does not start and the tests skip (their [RequiresFact] says why); under CI a failure fails them.
/// </summary>
public sealed class UnitsTestbedFixture : IAsyncLifetime
{
    public const string OpenRcHost = "units-rc";
    public const string SystemdHost = "units-sd";

    private Testbed? _testbed;

    public Testbed Testbed => _testbed ?? throw new InvalidOperationException($"the K8sBare.Units testbed did not start: {SkipReason ?? "not initialized"}");

    public string? SkipReason { get; private set; }

    public TestbedHost OpenRc => Testbed[OpenRcHost];

    public TestbedHost Systemd => Testbed[SystemdHost];

    public async Task InitializeAsync()
    {
        SkipReason = TestbedRequirements.SkipReason(booted: true);
        if (SkipReason is not null) return;
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(25));
        _testbed = await Testbed.StartAsync(new TestbedOptions { SystemdHosts = [SystemdHost], OpenRcHosts = [OpenRcHost] }, cts.Token);
    }

    public async Task DisposeAsync()
    {
        if (_testbed is not null) await _testbed.DisposeAsync();
    }
}
