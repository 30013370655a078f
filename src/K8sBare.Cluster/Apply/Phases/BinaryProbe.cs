using System.Globalization;
using K8sBare.Remote;
using K8sBare.Remote.Commands;
using K8sBare.Remote.Files;
using K8sBare.Remote.Shell;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// Cheap binary checks: existence, size, mtime and mode in one read-only round trip, plus the records K8sBare
/// keeps of what it uploaded (<c>/var/lib/k8sbare/binaries/NAME</c>: sha256, size, mtime). A binary whose
/// size and mtime still match its record has the recorded sha256, so multi-megabyte files are not re-hashed
/// on every apply; anything else (replaced by hand, no record) is treated as different and uploaded again.
/// </summary>
internal static class BinaryProbe
{
    public const string RecordDir = "/var/lib/k8sbare/binaries";

    public sealed record FileInfo(bool Exists, long Size, long MTime, UnixFileMode Mode);

    public sealed record Record(string Sha256, long Size, long MTime);

    public static async Task<(Dictionary<string, FileInfo> Files, Dictionary<string, Record> Records)> ProbeAsync(
        IHostConnection connection, IReadOnlyList<string> paths, CancellationToken ct)
    {
        var files = paths.Distinct(StringComparer.Ordinal).ToDictionary(p => p, _ => new FileInfo(false, 0, 0, 0), StringComparer.Ordinal);
        var records = new Dictionary<string, Record>(StringComparer.Ordinal);
        if (connection.Transport == HostTransport.Directory || files.Count == 0) return (files, records);
        var script = $"for p in {string.Join(' ', files.Keys.Select(ShellQuote.Quote))}; do if [ -e \"$p\" ]; then echo \"F|$p|$(stat -L -c '%s|%Y|%a' \"$p\")\"; fi; done; "
            + $"for r in {RecordDir}/*; do [ -f \"$r\" ] && echo \"R|$(basename \"$r\")|$(cat \"$r\")\"; done; true";
        var result = await connection.RunAsync(script, new CommandOptions { ReadOnly = true }, ct).ConfigureAwait(false);
        foreach (var line in result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split('|');
            if (f[0] == "F" && f.Length == 5 && files.ContainsKey(f[1]))
                files[f[1]] = new FileInfo(true, Long(f[2]), Long(f[3]), FileModes.Parse(f[4]));
            else if (f[0] == "R" && f.Length == 5)
                records[f[1]] = new Record(f[2], Long(f[3]), Long(f[4]));
        }

        return (files, records);
    }

    /// <summary>True when the binary at its path is known to have <paramref name="sha256"/> and mode 0755.</summary>
    public static bool Matches(string name, FileInfo file, IReadOnlyDictionary<string, Record> records, string sha256) =>
        file.Exists && file.Mode == FileModes.Executable && records.TryGetValue(name, out var r)
        && r.Sha256 == sha256 && r.Size == file.Size && r.MTime == file.MTime;

    /// <summary>Records what was uploaded (after the upload, so the mtime is the new file's).</summary>
    public static async Task RecordAsync(IHostConnection connection, string name, string path, string sha256, CancellationToken ct)
    {
        var stat = await connection.RunAsync($"stat -L -c '%s|%Y' {ShellQuote.Quote(path)}", new CommandOptions { ReadOnly = true }, ct).ConfigureAwait(false);
        var parts = stat.StdOut.Trim().Split('|');
        if (parts.Length != 2) return;
        await connection.WriteFilesAsync([RemoteFile.FromText($"{RecordDir}/{name}", $"{sha256}|{parts[0]}|{parts[1]}", FileModes.Private)], ct).ConfigureAwait(false);
    }

    private static long Long(string s) => long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : -1;
}
