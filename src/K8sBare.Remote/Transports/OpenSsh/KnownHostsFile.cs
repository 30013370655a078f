using System.Globalization;
using System.Text;

namespace K8sBare.Remote.Transports;

/// <summary>
/// A known_hosts file the SDK manages (plain, unhashed entries): add a host's key obtained out of band,
/// remove a stale one, check what is recorded. Pass its path as <see cref="OpenSshOptions.KnownHostsFile"/>.
/// </summary>
public sealed class KnownHostsFile
{
    /// <summary>Wraps a file path (the file need not exist yet).</summary>
    /// <param name="path">The known_hosts file.</param>
    public KnownHostsFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
    }

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary>The host pattern ssh uses: <c>host</c> for port 22, <c>[host]:port</c> otherwise.</summary>
    /// <param name="host">Host name or address.</param>
    /// <param name="port">The port; null or 22 gives the bare host.</param>
    public static string HostPattern(string host, int? port) =>
        port is null or 22 ? host : $"[{host}]:{port.Value.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Records a host key (e.g. the content of the host's <c>/etc/ssh/ssh_host_ed25519_key.pub</c>). Idempotent.</summary>
    /// <param name="host">Host name or address, as used to connect.</param>
    /// <param name="port">The SSH port.</param>
    /// <param name="publicKey">A public key line: <c>ssh-ed25519 AAAA… [comment]</c>.</param>
    /// <returns>True when the file changed.</returns>
    public bool Add(string host, int? port, string publicKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(publicKey);
        var parts = publicKey.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !parts[0].StartsWith("ssh-", StringComparison.Ordinal) && !parts[0].StartsWith("ecdsa-", StringComparison.Ordinal))
            throw new ArgumentException("the public key must look like 'ssh-ed25519 AAAA…' (a line of a .pub file).", nameof(publicKey));
        var line = $"{HostPattern(host, port)} {parts[0]} {parts[1]}";
        var lines = ReadLines();
        if (lines.Contains(line, StringComparer.Ordinal)) return false;
        lines.Add(line);
        Write(lines);
        return true;
    }

    /// <summary>Removes every key recorded for a host (after a legitimate reinstall). Returns true when something was removed.</summary>
    /// <param name="host">Host name or address.</param>
    /// <param name="port">The SSH port.</param>
    public bool Remove(string host, int? port)
    {
        var pattern = HostPattern(host, port);
        var lines = ReadLines();
        var kept = lines.Where(l => !Hosts(l).Contains(pattern, StringComparer.Ordinal)).ToList();
        if (kept.Count == lines.Count) return false;
        Write(kept);
        return true;
    }

    /// <summary>The key lines (<c>type base64</c>) recorded for a host.</summary>
    /// <param name="host">Host name or address.</param>
    /// <param name="port">The SSH port.</param>
    public IReadOnlyList<string> KeysFor(string host, int? port)
    {
        var pattern = HostPattern(host, port);
        return [.. ReadLines().Where(l => Hosts(l).Contains(pattern, StringComparer.Ordinal))
            .Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(2)))];
    }

    private static string[] Hosts(string line)
    {
        var first = line.Split(' ', 2)[0];
        return first.Split(',');
    }

    private List<string> ReadLines() =>
        File.Exists(Path) ? [.. File.ReadAllLines(Path).Where(l => l.Trim().Length > 0)] : [];

    private void Write(List<string> lines)
    {
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        Directory.CreateDirectory(dir);
        var temp = System.IO.Path.Combine(dir, "." + System.IO.Path.GetFileName(Path) + "." + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(temp, string.Concat(lines.Select(l => l + "\n")), new UTF8Encoding(false));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.Move(temp, Path, overwrite: true);
    }
}
