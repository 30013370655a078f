using K8sBare.Remote.Commands;
using K8sBare.Remote.Facts;
using K8sBare.Remote.Files;
using K8sBare.Remote.Shell;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sBare.Remote.Transports;

/// <summary>The machine the code runs on, driven through <c>/bin/sh</c> (and <c>sudo -n</c> when not root).</summary>
public sealed class LocalConnection : ShellConnection
{
    /// <summary>Creates a connection to the local machine.</summary>
    /// <param name="options">Name, become and timeout; null for defaults.</param>
    /// <param name="logger">Optional logger (commands at Debug level; file contents never).</param>
    public LocalConnection(LocalOptions? options = null, ILogger? logger = null)
    {
        Options = options ?? new LocalOptions();
        Ops = new ShellOperations(Options.Name, new Executor(), logger ?? NullLogger.Instance, Options.CommandTimeout)
        {
            Become = DecideBecome(Options.Become, IsRoot()),
        };
    }

    /// <summary>The settings this connection was created with.</summary>
    public LocalOptions Options { get; }

    /// <inheritdoc />
    public override string Name => Options.Name;

    /// <inheritdoc />
    public override HostTransport Transport => HostTransport.Local;

    /// <summary>Nothing to close for the local machine.</summary>
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static bool IsRoot() => ProcessExec.EffectiveUid() is var uid && (uid == 0 || (uid < 0 && Environment.UserName == "root"));

    private sealed class Executor : IShellExecutor
    {
        public Task<ProcessOutcome> ExecAsync(string commandLine, Stream? stdin, TimeSpan? timeout, CancellationToken cancellationToken) =>
            ProcessExec.RunAsync("/bin/sh", ["-c", commandLine], stdin, timeout, cancellationToken);

        public Exception? TransportFailure(ProcessOutcome outcome) => null;
    }
}
