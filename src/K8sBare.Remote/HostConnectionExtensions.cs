using System.Text;
using K8sBare.Remote.Files;

namespace K8sBare.Remote;

/// <summary>File operations built on <see cref="IHostConnection"/>: uploads, idempotent EnsureFile(s), hashes, text reads.</summary>
public static class HostConnectionExtensions
{
    /// <summary>Files larger than this are streamed one by one instead of going into a batch script.</summary>
    public const int BatchFileSizeLimit = 4 * 1024 * 1024;

    /// <summary>A batch script carries at most about this many content bytes; more files make more batches.</summary>
    public const int BatchContentLimit = 16 * 1024 * 1024;

    /// <summary>Writes bytes atomically (temp file in the same directory + rename) with mode and owner.</summary>
    /// <param name="connection">The host.</param>
    /// <param name="path">Absolute, normalized path on the host.</param>
    /// <param name="content">The exact bytes.</param>
    /// <param name="options">Mode, owner, parent creation; null for 0644, the (become) user's ownership and missing parents created.</param>
    /// <param name="cancellationToken">Cancels the upload; the old file stays.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is not an absolute, normalized host path.</exception>
    /// <exception cref="Errors.CommandFailedException">The host refused the write; the old file stays.</exception>
    /// <exception cref="Errors.HostUnreachableException">The connection was lost mid-upload; the old file stays.</exception>
    public static async Task UploadAsync(this IHostConnection connection, string path, ReadOnlyMemory<byte> content,
        FileWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var ms = new MemoryStream(content.ToArray(), writable: false);
        await connection.WriteFileAsync(path, ms, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Uploads a local file atomically (streamed, not loaded in memory).</summary>
    /// <param name="connection">The host.</param>
    /// <param name="localPath">The local file (relative paths against the current directory).</param>
    /// <param name="path">Absolute, normalized path on the host.</param>
    /// <param name="options">Mode, owner, parent creation; null for 0644, the (become) user's ownership and missing parents created.</param>
    /// <param name="cancellationToken">Cancels the upload; the old file stays.</param>
    /// <exception cref="IOException">The local file is missing or cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">This process may not read the local file.</exception>
    /// <exception cref="Errors.CommandFailedException">The host refused the write; the old file stays.</exception>
    /// <exception cref="Errors.HostUnreachableException">The connection was lost mid-upload; the old file stays.</exception>
    public static async Task UploadFileAsync(this IHostConnection connection, string localPath, string path,
        FileWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var fs = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await connection.WriteFileAsync(path, fs, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a file as UTF-8 text; null when it does not exist.</summary>
    /// <param name="connection">The host.</param>
    /// <param name="path">Absolute, normalized path on the host.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="Errors.CommandFailedException">The file exists but cannot be read.</exception>
    public static async Task<string?> ReadTextAsync(this IHostConnection connection, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var bytes = await connection.ReadFileAsync(path, cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : Encoding.UTF8.GetString(bytes);
    }

    /// <summary>The lowercase hex SHA-256 of a host file; null when it does not exist or is a directory.</summary>
    /// <param name="connection">The host.</param>
    /// <param name="path">Absolute, normalized path on the host.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is not an absolute, normalized host path.</exception>
    public static async Task<string?> Sha256Async(this IHostConnection connection, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var states = await connection.StatFilesAsync([path], cancellationToken).ConfigureAwait(false);
        return states[0].Sha256;
    }

    /// <summary>
    /// Makes one file match (content, mode and, when given, owner); writes only when something differs.
    /// </summary>
    /// <param name="connection">The host.</param>
    /// <param name="file">The desired file (path, exact bytes, mode, optional owner).</param>
    /// <param name="cancellationToken">Cancels the query or the write; a file not yet renamed into place keeps its old content.</param>
    /// <exception cref="Errors.CommandFailedException">The host refused the query or the write.</exception>
    public static async Task<FileChange> EnsureFileAsync(this IHostConnection connection, RemoteFile file, CancellationToken cancellationToken = default)
    {
        var changes = await connection.EnsureFilesAsync([file], cancellationToken).ConfigureAwait(false);
        return changes[0];
    }

    /// <summary>
    /// Compares desired files with the host in one round trip and reports what EnsureFiles would do, changing nothing.
    /// </summary>
    /// <param name="connection">The host.</param>
    /// <param name="files">The desired files (each path once).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <exception cref="ArgumentException">A path appears twice, or is not an absolute, normalized host path.</exception>
    public static async Task<IReadOnlyList<FileChange>> CompareFilesAsync(this IHostConnection connection, IReadOnlyList<RemoteFile> files,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0) return [];
        var dup = files.GroupBy(f => f.Path, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
            throw new ArgumentException($"file '{dup.Key}' appears {dup.Count()} times in one batch for host '{connection.Name}'; give each path once.", nameof(files));
        var states = await connection.StatFilesAsync([.. files.Select(f => f.Path)], cancellationToken).ConfigureAwait(false);
        var changes = new FileChange[files.Count];
        for (var i = 0; i < files.Count; i++)
        {
            var kind = !states[i].Exists ? FileChangeKind.Created
                : states[i].Matches(files[i]) ? FileChangeKind.Unchanged : FileChangeKind.Updated;
            changes[i] = new FileChange(connection.Name, files[i].Path, kind, states[i]);
        }
        return changes;
    }

    /// <summary>
    /// Makes many files match in few round trips: one hash/mode/owner query for all of them, then one
    /// batch (a generated script with base64 heredocs, one stream) for the ones that differ; files above
    /// <see cref="BatchFileSizeLimit"/> are streamed individually. Each file is written atomically.
    /// </summary>
    /// <param name="connection">The host.</param>
    /// <param name="files">The desired files (each path once).</param>
    /// <param name="cancellationToken">Cancels the query or the writes; files not yet renamed into place keep their old content.</param>
    /// <exception cref="ArgumentException">A path appears twice, or is not an absolute, normalized host path.</exception>
    /// <exception cref="Errors.CommandFailedException">The host refused a write; files before it may already be written (running again converges).</exception>
    /// <returns>One change per file, in the given order.</returns>
    public static async Task<IReadOnlyList<FileChange>> EnsureFilesAsync(this IHostConnection connection, IReadOnlyList<RemoteFile> files,
        CancellationToken cancellationToken = default)
    {
        var changes = await connection.CompareFilesAsync(files, cancellationToken).ConfigureAwait(false);
        var toWrite = files.Where((_, i) => changes[i].Changed).ToList();
        var batch = new List<RemoteFile>();
        long batchBytes = 0;
        foreach (var f in toWrite)
        {
            if (f.Content.Length > BatchFileSizeLimit)
            {
                using var ms = new MemoryStream(f.Content.ToArray(), writable: false);
                await connection.WriteFileAsync(f.Path, ms, new FileWriteOptions { Mode = f.Mode, Owner = f.Owner }, cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (batchBytes + f.Content.Length > BatchContentLimit && batch.Count > 0)
            {
                await connection.WriteFilesAsync(batch, cancellationToken).ConfigureAwait(false);
                batch = [];
                batchBytes = 0;
            }
            batch.Add(f);
            batchBytes += f.Content.Length;
        }
        if (batch.Count > 0) await connection.WriteFilesAsync(batch, cancellationToken).ConfigureAwait(false);
        return changes;
    }
}
