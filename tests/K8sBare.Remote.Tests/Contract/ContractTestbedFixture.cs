using K8sBare.Testing.Testbed;

namespace K8sBare.Remote.Tests.Contract;

/// <summary>
/// The hosts the transport contract runs on: <c>sd</c> (booted systemd), <c>rc</c> (booted sysvinit + OpenRC) and
/// <c>light-1</c> (sshd alone over this machine's files: sudo, stop and kill tests).
/// </summary>
public sealed class ContractTestbedFixture : IAsyncLifetime
{
    private K8sBare.Testing.Testbed.Testbed? _testbed;

    /// <summary>The shared testbed.</summary>
    public K8sBare.Testing.Testbed.Testbed Testbed => _testbed ?? throw new InvalidOperationException($"the contract testbed did not start: {SkipReason ?? "not initialized"}");

    /// <summary>Why the testbed was not started (null when it was).</summary>
    public string? SkipReason { get; private set; }

    public async Task InitializeAsync()
    {
        SkipReason = TestbedRequirements.SkipReason(booted: true);
        if (SkipReason is not null) return;
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(30)); // a first run builds the rootfs caches
        _testbed = await K8sBare.Testing.Testbed.Testbed.StartAsync(new TestbedOptions { SystemdHosts = ["sd"], OpenRcHosts = ["rc"], LightHosts = 1 }, cts.Token);
    }

    public async Task DisposeAsync()
    {
        if (_testbed is not null) await _testbed.DisposeAsync();
    }
}

/// <summary>Both transports' contract classes share one testbed and never run at the same time.</summary>
[CollectionDefinition(Name)]
public sealed class ContractCollection : ICollectionFixture<ContractTestbedFixture>
{
    public const string Name = "K8sBare.Remote transport contract";
}
