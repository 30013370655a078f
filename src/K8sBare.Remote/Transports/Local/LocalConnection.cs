using K8sBare.Remote.Commands;
using K8sBare.Remote.Facts;
using K8sBare.Remote.Files;
using K8sBare.Remote.Shell;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sBare.Remote.Transports;

/// <summary>The machine the code runs on, driven through <c>/bin/sh</c> (and <c>sudo -n</c> when not root).</summary>
public sealed class LocalConnection : IHostConnection
{
    private readonly ShellOperations _ops;

    /// <summary>Creates a connection to the local machine.</summary>
    /// <param name="options">Name, become and timeout; null for defaults.</param>
    /// <param name="logger">Optional logger (commands at Debug level; file contents never).</param>
    public LocalConnection(LocalOptions? options = null, ILogger? logger = null)
    {
        Options = options ?? new LocalOptions();
        _ops = new ShellOperations(Options.Name, new Executor(), logger ?? NullLogger.Instance, Options.CommandTimeout)
        {
            Become = Options.Become switch
            {
                BecomeMode.Always => true,
                BecomeMode.Never => false,
                _ => !IsRoot(),
            },
        };
    }

    /// <summary>The settings this connection was created with.</summary>
    public LocalOptions Options { get; }

    /// <inheritdoc />
    public string Name => Options.Name;

    /// <inheritdoc />
    public HostTransport Transport => HostTransport.Local;

    /// <inheritdoc />
    public Task<CommandResult> RunAsync(string command, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        _ops.RunAsync(command, options, cancellationToken);

    /// <inheritdoc />
    public Task WriteFileAsync(string path, Stream content, FileWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        _ops.WriteFileAsync(path, content, options, cancellationToken);

    /// <inheritdoc />
    public Task WriteFilesAsync(IReadOnlyList<RemoteFile> files, CancellationToken cancellationToken = default) =>
        _ops.WriteFilesAsync(files, cancellationToken);

    /// <inheritdoc />
    public Task<byte[]?> ReadFileAsync(string path, CancellationToken cancellationToken = default) =>
        _ops.ReadFileAsync(path, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RemoteFileState>> StatFilesAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default) =>
        _ops.StatFilesAsync(paths, cancellationToken);

    /// <inheritdoc />
    public Task<bool> EnsureDirectoryAsync(string path, UnixFileMode? mode = null, string? owner = null, CancellationToken cancellationToken = default) =>
        _ops.EnsureDirectoryAsync(path, mode, owner, cancellationToken);

    /// <inheritdoc />
    public Task<bool> RemoveAsync(string path, CancellationToken cancellationToken = default) =>
        _ops.RemoveAsync(path, cancellationToken);

    /// <inheritdoc />
    public Task<HostFacts> GatherFactsAsync(CancellationToken cancellationToken = default) =>
        _ops.GatherFactsAsync(cancellationToken);

    /// <summary>Nothing to close for the local machine.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static bool IsRoot() => ProcessExec.EffectiveUid() is var uid && (uid == 0 || (uid < 0 && Environment.UserName == "root"));

    private sealed class Executor : IShellExecutor
    {
        public Task<ProcessOutcome> ExecAsync(string commandLine, Stream? stdin, TimeSpan? timeout, CancellationToken cancellationToken) =>
            ProcessExec.RunAsync("/bin/sh", ["-c", commandLine], stdin, timeout, cancellationToken);

        public Exception? TransportFailure(ProcessOutcome outcome) => null;
    }
}
