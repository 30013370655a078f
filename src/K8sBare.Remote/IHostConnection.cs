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
    /// <param name="command">The shell command line (interpreted by <c>/bin/sh</c> on the host).</param>
    /// <param name="options">Timeout, stdin, become, sensitivity; null for defaults.</param>
    /// <param name="cancellationToken">Cancels the command (the local client process is killed).</param>
    Task<CommandResult> RunAsync(string command, CommandOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes one file atomically from a stream: the bytes go to a temporary file in the same directory,
    /// are checked for length and SHA-256, get their mode and owner, and are renamed over the final path.
    /// An interrupted upload leaves the old file intact and no temporary file behind.
    /// </summary>
    /// <param name="path">Absolute path on the host.</param>
    /// <param name="content">The content; read from its current position to the end.</param>
    /// <param name="options">Mode, owner, parent creation; null for 0644 and the current owner.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    Task WriteFileAsync(string path, Stream content, FileWriteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes many files in as few round trips as the transport allows (one for OpenSSH and Local),
    /// each still atomic with its own mode and owner.
    /// </summary>
    /// <param name="files">The files to write, in order.</param>
    /// <param name="cancellationToken">Cancels the batch.</param>
    Task WriteFilesAsync(IReadOnlyList<RemoteFile> files, CancellationToken cancellationToken = default);

    /// <summary>Reads a whole file; null when it does not exist.</summary>
    /// <param name="path">Absolute path on the host.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<byte[]?> ReadFileAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reports existence, SHA-256, mode, owner and size of many paths in one round trip.
    /// The result has one entry per requested path, in the same order.
    /// </summary>
    /// <param name="paths">Absolute paths on the host.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<IReadOnlyList<RemoteFileState>> StatFilesAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default);

    /// <summary>Creates a directory (and its parents) when missing and sets mode/owner; returns true when something changed.</summary>
    /// <param name="path">Absolute path on the host.</param>
    /// <param name="mode">The directory's mode; null leaves it as created (0755 under the usual umask).</param>
    /// <param name="owner">Owner as <c>user</c> or <c>user:group</c>; null leaves it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<bool> EnsureDirectoryAsync(string path, UnixFileMode? mode = null, string? owner = null, CancellationToken cancellationToken = default);

    /// <summary>Removes a file or a directory tree; returns true when it existed.</summary>
    /// <param name="path">Absolute path on the host (never <c>/</c>).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<bool> RemoveAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Gathers the host's facts (OS, init system, network, resources, listening ports) in one round trip.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<HostFacts> GatherFactsAsync(CancellationToken cancellationToken = default);
}
