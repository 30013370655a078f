using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Support.ApiServer;

/// <summary>
/// xunit collection fixture: one <see cref="LoopbackApiServer"/> (real etcd + real kube-apiserver 1.20.2 from the
/// $20 cluster's rendering) shared by the tests of <see cref="ApiServerCollection"/>. Tests share the server, so each
/// uses names of its own (a namespace or node name with a unique suffix). Outside CI without root or etcd it does not
/// start (the tests are <c>[RequiresFact("etcd", Root = true)]</c> and skip); under CI it always starts, and a failure
/// (including a failed Kubernetes build) fails the tests.
/// </summary>
public sealed class ApiServerFixture : IAsyncLifetime
{
    private LoopbackApiServer? _server;
    private Exception? _failure;

    /// <summary>The running server.</summary>
    /// <exception cref="InvalidOperationException">It did not start (the reason, or the start's error, is in the message).</exception>
    public LoopbackApiServer Server => _server ?? throw new InvalidOperationException(
        $"the loopback kube-apiserver did not start: {SkipReason ?? _failure?.ToString() ?? "not initialized"}", _failure);

    /// <summary>Why the server was not started (null when it was or when it failed; a failure is thrown by <see cref="Server"/>).</summary>
    public string? SkipReason { get; private set; }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (!TestEnvironment.IsCI)
        {
            if (!TestEnvironment.IsRoot) SkipReason = "needs root (scripts/build-kubernetes.sh uses apt-get)";
            else if (TestEnvironment.FindTool("etcd") is null) SkipReason = "missing tools: etcd (./test.sh installs etcd-server)";
            if (SkipReason is not null) return;
        }

        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(50));
            var apiserver = await KubernetesBinaries.PathOfAsync("kube-apiserver", cts.Token);
            _server = await LoopbackApiServer.StartAsync(apiserver, cancellationToken: cts.Token);
        }
        catch (Exception ex)
        {
            // Reported by every test through Server, with the logs in the message.
            _failure = ex;
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
