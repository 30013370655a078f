using System.Security.Cryptography;

namespace K8sBare.Cluster.Rendering;

/// <summary>
/// The AES key for Secrets at rest (<see cref="PkiSettings.EncryptSecretsAtRest"/>): 32 random bytes, base64, in
/// <c>&lt;pki store&gt;/encryption-key</c> with mode 0600. Created once; every later render reuses it (a new key
/// would make every stored Secret unreadable).
/// </summary>
public static class SecretsEncryptionKey
{
    /// <summary>The file name inside the PKI store.</summary>
    public const string FileName = "encryption-key";

    /// <summary>Reads the key from the store, creating it (0600, written atomically) when missing.</summary>
    /// <param name="pkiDirectory">The PKI store folder (created 0700 when missing).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The key as base64.</returns>
    /// <exception cref="InvalidDataException">The file exists but is not base64 of 32 bytes.</exception>
    public static async Task<string> LoadOrCreateAsync(string pkiDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pkiDirectory);
        var path = Path.Combine(Path.GetFullPath(pkiDirectory), FileName);
        if (File.Exists(path))
        {
            var text = (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Trim();
            var buffer = new byte[64];
            if (!Convert.TryFromBase64String(text, buffer, out var n) || n != 32)
                throw new InvalidDataException($"{path} is not base64 of a 32-byte key (value not shown); restore it from your backup — a new key cannot read the Secrets already stored.");
            return text;
        }

        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(pkiDirectory);
        else Directory.CreateDirectory(pkiDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var temp = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using (var stream = new FileStream(temp, options))
        await using (var writer = new StreamWriter(stream))
            await writer.WriteAsync((key + "\n").AsMemory(), cancellationToken).ConfigureAwait(false);
        // Another process may have created it meanwhile: keep theirs (never replace an existing key).
        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
            return await LoadOrCreateAsync(pkiDirectory, cancellationToken).ConfigureAwait(false);
        }

        return key;
    }
}
