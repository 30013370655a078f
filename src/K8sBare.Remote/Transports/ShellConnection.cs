using K8sBare.Remote.Commands;
using K8sBare.Remote.Facts;
using K8sBare.Remote.Files;
using K8sBare.Remote.Shell;

namespace K8sBare.Remote.Transports;

/// <summary>
/// A host driven through POSIX shell scripts (<see cref="OpenSshConnection"/>, <see cref="SshNetConnection"/>,
/// <see cref="LocalConnection"/>): every transport runs the same scripts for atomic writes, batches, stats, reads and
/// facts, and differs only in how one command line reaches the host's <c>/bin/sh</c>.
/// </summary>
public abstract class ShellConnection : IHostConnection
{
    /// <summary>Only the transports of this package derive from it.</summary>
    private protected ShellConnection() { }

    /// <summary>The shell operations over the transport's executor; set by the derived constructor.</summary>
    private protected ShellOperations Ops { get; set; } = null!;

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract HostTransport Transport { get; }

    /// <inheritdoc />
    public Task<CommandResult> RunAsync(string command, CommandOptions? options = null, CancellationToken cancellationToken = default) =>
        Ops.RunAsync(command, options, cancellationToken);

    /// <inheritdoc />
    public Task WriteFileAsync(string path, Stream content, FileWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        Ops.WriteFileAsync(path, content, options, cancellationToken);

    /// <inheritdoc />
    public Task WriteFilesAsync(IReadOnlyList<RemoteFile> files, CancellationToken cancellationToken = default) =>
        Ops.WriteFilesAsync(files, cancellationToken);

    /// <inheritdoc />
    public Task<byte[]?> ReadFileAsync(string path, CancellationToken cancellationToken = default) =>
        Ops.ReadFileAsync(path, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RemoteFileState>> StatFilesAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default) =>
        Ops.StatFilesAsync(paths, cancellationToken);

    /// <inheritdoc />
    public Task<bool> EnsureDirectoryAsync(string path, UnixFileMode? mode = null, string? owner = null, CancellationToken cancellationToken = default) =>
        Ops.EnsureDirectoryAsync(path, mode, owner, cancellationToken);

    /// <inheritdoc />
    public Task<bool> RemoveAsync(string path, CancellationToken cancellationToken = default) =>
        Ops.RemoveAsync(path, cancellationToken);

    /// <inheritdoc />
    public Task<HostFacts> GatherFactsAsync(CancellationToken cancellationToken = default) =>
        Ops.GatherFactsAsync(cancellationToken);

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();

    /// <summary>Whether commands go through <c>sudo -n</c>: always, never, or (<see cref="BecomeMode.Auto"/>) when the login user is not root.</summary>
    private protected static bool DecideBecome(BecomeMode mode, bool loginIsRoot) => mode switch
    {
        BecomeMode.Always => true,
        BecomeMode.Never => false,
        _ => !loginIsRoot,
    };

    /// <summary>Runs a new connection's first open and returns it; disposes it when that fails.</summary>
    private protected static async Task<T> OpenOrDisposeAsync<T>(T connection, Func<CancellationToken, Task> open, CancellationToken ct)
        where T : ShellConnection
    {
        try
        {
            await open(ct).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
