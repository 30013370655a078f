using K8sBare.Remote.Commands;
using K8sBare.Remote.Facts;
using K8sBare.Remote.Files;

namespace K8sBare.Remote;

/// <summary>
/// A connection to one host: run commands, write files atomically, read and hash files, gather facts.
/// Implemented by <see cref="Transports.SshNetConnection"/> (a real host over the in-process SSH.NET client),
/// <see cref="Transports.OpenSshConnection"/> (a real host over the system <c>ssh</c> client),
/// <see cref="Transports.LocalConnection"/> (the machine the code runs on) and
/// <see cref="Transports.DirectoryConnection"/> (a folder that mirrors absolute paths and
/// records commands: dry-run and render-to-folder). Higher-level operations (EnsureFile, batching,
/// services) are built on these members in <see cref="HostConnectionExtensions"/> and
/// <see cref="Services.ServiceManagers"/>.
/// </summary>
public interface IHostConnection : IAsyncDisposable
{
    /// <summary>The host's name as used in messages, events and exceptions.</summary>
    string Name { get; }

    /// <summary>Which transport this connection uses.</summary>
    HostTransport Transport { get; }

    /// <summary>
    /// Runs a POSIX shell command on the host (as root when become is in effect). A non-zero exit raises
    /// <see cref="Errors.CommandFailedException"/> carrying stdout, stderr and the exit code, unless
    /// <see cref="CommandOptions.AllowNonZeroExit"/> is set.
    /// </summary>
    /// <param name="command">The shell command line, interpreted by <c>/bin/sh -c</c> on the host (quote arguments with <see cref="Shell.ShellQuote.Quote"/>).</param>
    /// <param name="options">Timeout (wall-clock time from start to exit; null: the connection's <c>CommandTimeout</c>, 10 min by default), stdin bytes, become, sensitivity; null for defaults.</param>
    /// <param name="cancellationToken">Cancels the command: the client side is closed (the OpenSSH client process killed, the SSH.NET channel closed).</param>
    /// <exception cref="Errors.CommandFailedException">The command exited non-zero and <see cref="CommandOptions.AllowNonZeroExit"/> is not set.</exception>
    /// <exception cref="Errors.CommandTimeoutException">The timeout elapsed before the command exited.</exception>
    /// <exception cref="Errors.HostUnreachableException">The connection was lost and could not be re-established.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<CommandResult> RunAsync(string command, CommandOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes one file atomically from a stream: the bytes go to a temporary file in the same directory,
    /// are checked for length and SHA-256, get their mode and owner, and are renamed over the final path.
    /// An interrupted upload leaves the old file intact and no temporary file behind.
    /// </summary>
    /// <param name="path">Absolute, normalized path on the host (no <c>..</c>, NUL or newline).</param>
    /// <param name="content">The content; read from its current position to the end (hashed first: a seekable stream is read twice, another one is spooled to a local temp file).</param>
    /// <param name="options">Mode, owner, parent creation; null for 0644, the (become) user's ownership and missing parents created.</param>
    /// <param name="cancellationToken">Cancels the upload; the old file stays.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is not an absolute, normalized host path.</exception>
    /// <exception cref="Errors.CommandFailedException">The host refused the write (permissions, missing parent, full disk, unknown owner); the old file stays.</exception>
    /// <exception cref="Errors.HostUnreachableException">The connection was lost mid-upload; the old file stays.</exception>
    Task WriteFileAsync(string path, Stream content, FileWriteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes many files in as few round trips as the transport allows (one for the SSH transports and Local; files
    /// above 4 MiB are streamed one by one), each still atomic with its own mode and owner.
    /// </summary>
    /// <param name="files">The files to write, in order (each path once).</param>
    /// <param name="cancellationToken">Cancels the batch; files not yet renamed into place keep their old content.</param>
    /// <exception cref="Errors.CommandFailedException">The host refused a write; files before it in the batch may already be written.</exception>
    /// <exception cref="Errors.HostUnreachableException">The connection was lost during the batch.</exception>
    Task WriteFilesAsync(IReadOnlyList<RemoteFile> files, CancellationToken cancellationToken = default);

    /// <summary>Reads a whole file; null when it does not exist.</summary>
    /// <param name="path">Absolute, normalized path on the host.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is not an absolute, normalized host path.</exception>
    /// <exception cref="Errors.CommandFailedException">The file exists but cannot be read (permissions, a directory).</exception>
    Task<byte[]?> ReadFileAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reports existence, SHA-256, mode, owner and size of many paths in one round trip.
    /// The result has one entry per requested path, in the same order.
    /// </summary>
    /// <param name="paths">Absolute, normalized paths on the host; a missing path is reported, not an error.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <exception cref="ArgumentException">A path is not an absolute, normalized host path.</exception>
    Task<IReadOnlyList<RemoteFileState>> StatFilesAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default);

    /// <summary>Creates a directory (and its parents) when missing and sets mode/owner; returns true when something changed.</summary>
    /// <param name="path">Absolute, normalized path on the host.</param>
    /// <param name="mode">The directory's permission bits (e.g. <c>UserRead | UserWrite | UserExecute</c> for 0700); null leaves it as created (0755 under the usual umask).</param>
    /// <param name="owner">Owner as <c>user</c> or <c>user:group</c> (names or numeric ids, as <c>chown</c> takes them); null leaves it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is not an absolute, normalized host path.</exception>
    /// <exception cref="Errors.CommandFailedException">The host refused (a file in the way, permissions, unknown owner).</exception>
    Task<bool> EnsureDirectoryAsync(string path, UnixFileMode? mode = null, string? owner = null, CancellationToken cancellationToken = default);

    /// <summary>Removes a file or a directory tree; returns true when it existed.</summary>
    /// <param name="path">Absolute, normalized path on the host (never <c>/</c>).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is <c>/</c> or not an absolute, normalized host path.</exception>
    Task<bool> RemoveAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Gathers the host's facts (OS, init system, network, resources, listening ports) in one round trip.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <exception cref="Errors.CommandFailedException">The facts script failed on the host (no POSIX shell or coreutils).</exception>
    Task<HostFacts> GatherFactsAsync(CancellationToken cancellationToken = default);
}
