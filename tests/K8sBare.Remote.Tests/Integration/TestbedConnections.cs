using K8sBare.Remote.Transports;
using K8sBare.Testing.Testbed;

namespace K8sBare.Remote.Tests;

/// <summary>Connection settings for testbed hosts: root, the testbed's key, the host's own known_hosts, strict checking.</summary>
internal static class TestbedConnections
{
    public static OpenSshOptions For(TestbedHost h) => new()
    {
        Host = h.Address,
        Name = h.Name,
        Port = h.Port,
        User = h.User,
        IdentityFile = h.IdentityFile,
        KnownHostsFile = h.KnownHostsFile,
        UseAgent = false,
        ConfigFile = "/dev/null",
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };

    public static SshNetOptions SshNetFor(TestbedHost h) => new()
    {
        Host = h.Address,
        Name = h.Name,
        Port = h.Port,
        User = h.User,
        IdentityFile = h.IdentityFile,
        KnownHostsFile = h.KnownHostsFile,
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };

    public static Task<OpenSshConnection> ConnectAsync(TestbedHost h) => OpenSshConnection.ConnectAsync(For(h));
}
