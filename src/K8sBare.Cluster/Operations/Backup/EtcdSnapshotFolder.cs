using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using K8sBare.Etcd;

namespace K8sBare.Cluster.Operations;

/// <summary>
/// The layout of a backup folder: <c>etcd-CLUSTER-yyyyMMddTHHmmssfffZ.db</c> (UTC, so names sort by time) with a
/// <c>.sha256</c> file beside each in <c>sha256sum</c>'s format (<c>sha256sum -c</c> checks it by hand), both mode 0600.
/// </summary>
public static partial class EtcdSnapshotFolder
{
    /// <summary>The checksum file's suffix.</summary>
    public const string ChecksumSuffix = ".sha256";

    private const string TimeFormat = "yyyyMMdd'T'HHmmssfff'Z'";

    /// <summary>The snapshot file name for a cluster and a time.</summary>
    /// <param name="cluster">The cluster name (a valid spec's name: no path separators).</param>
    /// <param name="takenAt">When (converted to UTC).</param>
    /// <returns>The file name (no folder).</returns>
    public static string FileName(string cluster, DateTimeOffset takenAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cluster);
        if (cluster.IndexOfAny(['/', '\\']) >= 0 || cluster.Contains("..", StringComparison.Ordinal))
            throw new ArgumentException($"The cluster name '{cluster}' cannot name a snapshot file (path characters).", nameof(cluster));
        return $"etcd-{cluster}-{takenAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)}.db";
    }

    /// <summary>The snapshots of one cluster in a folder, newest first (files not named by <see cref="FileName"/> are ignored).</summary>
    /// <param name="folder">The backup folder (a missing folder has none).</param>
    /// <param name="cluster">The cluster name.</param>
    /// <returns>The entries with their sizes.</returns>
    public static IReadOnlyList<EtcdSnapshotEntry> List(string folder, string cluster)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentException.ThrowIfNullOrWhiteSpace(cluster);
        if (!Directory.Exists(folder)) return [];
        var list = new List<EtcdSnapshotEntry>();
        foreach (var path in Directory.EnumerateFiles(folder, "etcd-*.db"))
        {
            var m = NamePattern().Match(Path.GetFileName(path));
            if (!m.Success || m.Groups["c"].Value != cluster) continue;
            if (!DateTime.TryParseExact(m.Groups["t"].Value, TimeFormat, CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)) continue;
            list.Add(new EtcdSnapshotEntry { Path = Path.GetFullPath(path), Cluster = cluster, TakenAt = new DateTimeOffset(at, TimeSpan.Zero), Size = new FileInfo(path).Length });
        }
        return list.OrderByDescending(e => e.TakenAt).ToList();
    }

    /// <summary>Writes the <c>.sha256</c> file beside a snapshot (mode 0600, written whole then renamed).</summary>
    /// <param name="snapshotPath">The snapshot.</param>
    /// <param name="cancellationToken">Cancels the hashing.</param>
    /// <returns>The SHA-256 of the whole file (lowercase hex).</returns>
    public static async Task<string> WriteChecksumAsync(string snapshotPath, CancellationToken cancellationToken = default)
    {
        var sha = await HashAsync(snapshotPath, cancellationToken).ConfigureAwait(false);
        var target = snapshotPath + ChecksumSuffix;
        var part = target + ".part";
        await WritePrivateAsync(part, Encoding.ASCII.GetBytes($"{sha}  {Path.GetFileName(snapshotPath)}\n"), cancellationToken).ConfigureAwait(false);
        File.Move(part, target, overwrite: true);
        return sha;
    }

    /// <summary>
    /// Verifies a snapshot before it is used: it must be a bbolt database (<see cref="EtcdSnapshotFile.VerifyFormat"/>),
    /// its <c>.sha256</c> file must exist and match the whole file, and the snapshot's own SHA-256 trailer must match
    /// its data (<see cref="EtcdSnapshotFile.Verify"/>).
    /// </summary>
    /// <param name="snapshotPath">The snapshot.</param>
    /// <param name="cancellationToken">Cancels the hashing.</param>
    /// <returns>The SHA-256 of the whole file (lowercase hex).</returns>
    /// <exception cref="FileNotFoundException">The snapshot or its checksum file is missing.</exception>
    /// <exception cref="InvalidDataException">The file is not a bbolt database, does not match its checksum file, or fails its own integrity check.</exception>
    public static async Task<string> VerifyAsync(string snapshotPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(snapshotPath);
        var full = Path.GetFullPath(snapshotPath);
        if (!File.Exists(full)) throw new FileNotFoundException($"The etcd snapshot '{full}' does not exist.", full);
        // The format first (4 KiB read): a file that is no etcd snapshot at all is named as such, not as a checksum problem.
        try
        {
            EtcdSnapshotFile.VerifyFormat(full);
        }
        catch (EtcdException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }

        var sumFile = full + ChecksumSuffix;
        if (!File.Exists(sumFile))
            throw new FileNotFoundException($"The etcd snapshot '{full}' has no checksum file '{sumFile}': a snapshot whose integrity cannot be checked is not used. " +
                "Take a new backup (k8sbare etcd backup), or write the file with `sha256sum FILE > FILE.sha256` if you are sure of the snapshot.", sumFile);
        var expected = (await File.ReadAllTextAsync(sumFile, cancellationToken).ConfigureAwait(false)).Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.ToLowerInvariant();
        if (expected is null || expected.Length != 64)
            throw new InvalidDataException($"The checksum file '{sumFile}' holds no SHA-256 (expected `<64 hex digits>  {Path.GetFileName(full)}`).");
        var actual = await HashAsync(full, cancellationToken).ConfigureAwait(false);
        if (actual != expected)
            throw new InvalidDataException($"The etcd snapshot '{full}' does not match its checksum file (sha256 {actual}, expected {expected}): the file changed after the backup. Use another snapshot.");
        try
        {
            EtcdSnapshotFile.Verify(full);
        }
        catch (EtcdException ex)
        {
            throw new InvalidDataException($"The etcd snapshot '{full}' fails its own integrity check: {ex.Message}", ex);
        }
        return actual;
    }

    internal static async Task<string> HashAsync(string path, CancellationToken ct)
    {
        await using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Convert.ToHexString(await SHA256.HashDataAsync(f, ct).ConfigureAwait(false)).ToLowerInvariant();
    }

    internal static async Task WritePrivateAsync(string path, byte[] content, CancellationToken ct)
    {
        var o = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) o.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using var f = new FileStream(path, o);
        await f.WriteAsync(content, ct).ConfigureAwait(false);
    }

    [GeneratedRegex(@"^etcd-(?<c>.+)-(?<t>\d{8}T\d{9}Z)\.db$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
