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
    public static string Read(string path)
    {
        try { return File.ReadAllText(path, Encoding.UTF8); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PkiException($"{path}: cannot read: {e.Message}", e);
        }
    }

    /// <summary>Writes a private key (or any secret) with mode 0600, atomically.</summary>
    public static Task WritePrivateAsync(string path, string content, CancellationToken cancellationToken = default) =>
        WriteAsync(path, Encoding.UTF8.GetBytes(content), PrivateMode, cancellationToken);

    /// <summary>Writes a certificate or public key with mode 0644, atomically.</summary>
    public static Task WritePublicAsync(string path, string content, CancellationToken cancellationToken = default) =>
        WriteAsync(path, Encoding.UTF8.GetBytes(content), PublicMode, cancellationToken);

    /// <summary>
    /// Writes bytes atomically with the given Unix mode: the temporary file is created with that mode
    /// (so a secret is never readable by others, even for a moment), then renamed over <paramref name="path"/>.
    /// Parent folders are created (mode 0700 for new folders when the file is private).
    /// </summary>
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
