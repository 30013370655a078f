using System.Text;

namespace K8sBare.Pki.Pem;

/// <summary>
/// Reads and writes PEM files. Private keys are created with mode 0600 before any byte is written
/// (temporary file in the same folder, then an atomic rename); public material gets 0644.
/// </summary>
public static class PemFile
{
    /// <summary>Unix mode for private keys (rw-------).</summary>
    public const UnixFileMode PrivateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Unix mode for certificates and public keys (rw-r--r--).</summary>
    public const UnixFileMode PublicMode = PrivateMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Reads a PEM (or any UTF-8 text) file, wrapping I/O errors in <see cref="PkiException"/>.</summary>
    /// <param name="path">A local file path (absolute, or relative to the current directory).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The whole file as UTF-8 text, not yet parsed (see <see cref="PemBlock.ParseAll"/>).</returns>
    /// <exception cref="PkiException">The file is missing or unreadable (the message names the path and the OS error).</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    public static async Task<string> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            return await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PkiException($"{path}: cannot read: {e.Message}", e);
        }
    }

    /// <summary>Synchronous <see cref="ReadAsync"/>.</summary>
    /// <param name="path">A local file path (absolute, or relative to the current directory).</param>
    /// <returns>The whole file as UTF-8 text.</returns>
    /// <exception cref="PkiException">The file is missing or unreadable (the message names the path and the OS error).</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    public static string Read(string path)
    {
        try { return File.ReadAllText(path, Encoding.UTF8); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PkiException($"{path}: cannot read: {e.Message}", e);
        }
    }

    /// <summary>Writes a private key (or any secret) with mode 0600, atomically.</summary>
    /// <param name="path">The local destination file; replaced if it exists. Missing parent folders are created with mode 0700.</param>
    /// <param name="content">The PEM text to write (UTF-8).</param>
    /// <param name="cancellationToken">Cancels the write; the destination is then left untouched.</param>
    /// <exception cref="PkiException">The file or its folder cannot be written (the message names the path).</exception>
    public static Task WritePrivateAsync(string path, string content, CancellationToken cancellationToken = default) =>
        WriteAsync(path, Encoding.UTF8.GetBytes(content), PrivateMode, cancellationToken);

    /// <summary>Writes a certificate or public key with mode 0644, atomically.</summary>
    /// <param name="path">The local destination file; replaced if it exists. Missing parent folders are created with mode 0755.</param>
    /// <param name="content">The PEM text to write (UTF-8).</param>
    /// <param name="cancellationToken">Cancels the write; the destination is then left untouched.</param>
    /// <exception cref="PkiException">The file or its folder cannot be written (the message names the path).</exception>
    public static Task WritePublicAsync(string path, string content, CancellationToken cancellationToken = default) =>
        WriteAsync(path, Encoding.UTF8.GetBytes(content), PublicMode, cancellationToken);

    /// <summary>
    /// Writes bytes atomically with the given Unix mode: the temporary file is created with that mode
    /// (so a secret is never readable by others, even for a moment), then renamed over <paramref name="path"/>.
    /// Parent folders are created (mode 0700 for new folders when the file is private).
    /// </summary>
    /// <param name="path">The local destination file (relative paths resolve against the current directory); replaced if it exists.</param>
    /// <param name="content">The exact bytes to write.</param>
    /// <param name="mode">The Unix permission bits the file gets whatever the umask (e.g. <see cref="PrivateMode"/> = 0600, <see cref="PublicMode"/> = 0644); ignored on Windows. New parent folders get 0700 when this is <see cref="PrivateMode"/>, otherwise 0755.</param>
    /// <param name="cancellationToken">Cancels the write; the temporary file is removed and the destination left untouched.</param>
    /// <exception cref="PkiException">The file or its folder cannot be written (the message names the full path and the OS error).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="content"/> is null.</exception>
    public static async Task WriteAsync(string path, byte[] content, UnixFileMode mode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            if (!Directory.Exists(dir))
            {
                if (OperatingSystem.IsWindows()) Directory.CreateDirectory(dir);
                else Directory.CreateDirectory(dir, mode == PrivateMode ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = mode;
            var fs = new FileStream(tmp, options);
            await using (fs.ConfigureAwait(false))
            {
                await fs.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                await fs.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(tmp, mode); // umask may have narrowed it
            File.Move(tmp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(tmp);
            throw new PkiException($"{full}: cannot write: {e.Message}", e);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
