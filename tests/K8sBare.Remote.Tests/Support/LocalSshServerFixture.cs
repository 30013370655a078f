using K8sBare.Testing;

namespace K8sBare.Remote.Tests;

/// <summary>One loopback sshd shared by the tests of a class; not started when sshd is missing outside CI.</summary>
public sealed class LocalSshServerFixture : IAsyncLifetime
{
    private LocalSshServer? _server;

    public LocalSshServer Server => _server ?? throw new InvalidOperationException("the loopback sshd did not start (sshd/ssh missing or not root)");

    public async Task InitializeAsync()
    {
        if (!TestEnvironment.IsCI && (TestEnvironment.FindTool("sshd") is null || TestEnvironment.FindTool("ssh") is null || !TestEnvironment.IsRoot)) return;
        _server = await LocalSshServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
