using K8sBare.Remote.Transports;
using K8sBare.Testing.Testbed;

namespace K8sBare.Remote.Tests.Contract;

/// <summary>The connection contract over the in-process SSH.NET client.</summary>
public sealed class SshNetContractTests(ContractTestbedFixture fixture) : HostConnectionContract(fixture)
{
    protected override HostTransport Transport => HostTransport.SshNet;

    protected override async Task<IHostConnection> ConnectAsync(TestbedHost host, ContractSettings? settings = null, CancellationToken ct = default)
    {
        var s = settings ?? new ContractSettings();
        var options = TestbedConnections.SshNetFor(host) with
        {
            User = s.User ?? host.User,
            IdentityFile = s.IdentityFile ?? host.IdentityFile,
            KnownHostsFile = s.KnownHostsFile ?? host.KnownHostsFile,
            HostKeyPolicy = s.HostKeyPolicy,
            ConnectTimeout = s.ConnectTimeout,
        };
        return await SshNetConnection.ConnectAsync(options, null, ct);
    }
}
