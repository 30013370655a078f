using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace K8sBare.Cluster.Apply;

/// <summary>Resolves binary sources to local files: local files as they are, URLs downloaded once into a sha256-keyed cache.</summary>
internal sealed class BinarySources(string cacheDirectory)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(10) };
    private readonly ConcurrentDictionary<string, Lazy<Task<(string Path, string Sha256)>>> _resolved = new(StringComparer.Ordinal);

    public static string DefaultCacheDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "k8sbare", "binaries");

    /// <summary>The local file and its sha256 for a LocalFile or Url source.</summary>
    public Task<(string Path, string Sha256)> ResolveAsync(string name, BinarySource source, CancellationToken ct)
    {
        var key = source.Kind == BinarySourceKind.LocalFile ? "file:" + source.LocalPath : "url:" + source.Url;
        return _resolved.GetOrAdd(key, _ => new Lazy<Task<(string, string)>>(() => source.Kind == BinarySourceKind.LocalFile
            ? HashLocalAsync(name, source, ct)
            : DownloadAsync(name, source, ct))).Value;
    }

    private static async Task<(string, string)> HashLocalAsync(string name, BinarySource source, CancellationToken ct)
    {
        var path = Validation.NodeRules.ExpandHome(source.LocalPath!);
        if (!File.Exists(path))
            throw new FileNotFoundException($"binaries.{name}: local file '{path}' does not exist. Fix: point the source at an existing binary.", path);
        var sha = await Sha256Async(path, ct).ConfigureAwait(false);
        if (source.Sha256 is { } expected && !string.Equals(expected, sha, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"binaries.{name}: '{path}' has sha256 {sha}, expected {expected}. Fix: use the right file or correct the sha256.");
        return (path, sha);
    }

    private async Task<(string, string)> DownloadAsync(string name, BinarySource source, CancellationToken ct)
    {
        var expected = source.Sha256!.ToLowerInvariant();
        // The cache file is named by the sha256: only 64 hex digits may become that name (validation refuses others first).
        if (expected.Length != 64 || !expected.All(char.IsAsciiHexDigit))
            throw new InvalidOperationException($"binaries.{name}.sha256: '{expected}' is not 64 hex digits. Fix: copy the sha256 from the release's checksum file.");
        Directory.CreateDirectory(cacheDirectory);
        var cached = Path.Combine(cacheDirectory, expected);
        if (File.Exists(cached) && await Sha256Async(cached, ct).ConfigureAwait(false) == expected) return (cached, expected);
        var temp = cached + ".part";
        using (var response = await Http.GetAsync(source.Url, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false))
        {
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"binaries.{name}: downloading {source.Url} returned HTTP {(int)response.StatusCode}. Fix: check the URL and version.");
            await using var fs = File.Create(temp);
            await response.Content.CopyToAsync(fs, ct).ConfigureAwait(false);
        }

        var sha = await Sha256Async(temp, ct).ConfigureAwait(false);
        if (sha != expected)
        {
            File.Delete(temp);
            throw new InvalidOperationException($"binaries.{name}: {source.Url} has sha256 {sha}, expected {expected}. Fix: correct the sha256 or the URL; nothing was uploaded.");
        }

        File.Move(temp, cached, overwrite: true);
        return (cached, sha);
    }

    private static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var fs = File.OpenRead(path);
        return Convert.ToHexString(await SHA256.HashDataAsync(fs, ct).ConfigureAwait(false)).ToLowerInvariant();
    }
}
