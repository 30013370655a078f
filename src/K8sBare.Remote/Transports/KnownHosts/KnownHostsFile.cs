using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace K8sBare.Remote.Transports;

/// <summary>
/// A known_hosts file in OpenSSH's format (<c>sshd(8)</c>, "SSH_KNOWN_HOSTS FILE FORMAT"): add a host's key obtained out
/// of band, remove a stale one, check what is recorded. Reading understands what OpenSSH writes and reads: plain and
/// hashed (<c>|1|salt|hash</c>, <c>HashKnownHosts yes</c>) host fields, comma-separated names, <c>[host]:port</c> for
/// ports other than 22, <c>*</c>/<c>?</c> wildcards and <c>!</c> negation, <c>@revoked</c> lines (<c>@cert-authority</c>
/// lines are ignored: host certificates are not used). Entries written by <see cref="Add"/> are plain.
/// Pass its path as <see cref="OpenSshOptions.KnownHostsFile"/> or <see cref="SshNetOptions.KnownHostsFile"/>.
/// </summary>
public sealed class KnownHostsFile
{
    private static readonly ConcurrentDictionary<string, object> WriteLocks = new(StringComparer.Ordinal);

    /// <summary>Wraps a file path (the file need not exist yet; nothing is read until used).</summary>
    /// <param name="path">The known_hosts file, e.g. <c>~/.ssh/known_hosts</c> expanded; relative paths against the current directory.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    public KnownHostsFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
    }

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary>The host pattern ssh uses: <c>host</c> for port 22, <c>[host]:port</c> otherwise.</summary>
    /// <param name="host">Host name or address, as used to connect (ssh matches the name literally, it does not resolve it).</param>
    /// <param name="port">The TCP port; null or 22 gives the bare host.</param>
    public static string HostPattern(string host, int? port) =>
        port is null or 22 ? host : $"[{host}]:{port.Value.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Records a host key (e.g. the content of the host's <c>/etc/ssh/ssh_host_ed25519_key.pub</c>) as a plain entry.
    /// Idempotent; safe to call from parallel connections in this process (the file is rewritten atomically under a lock).
    /// </summary>
    /// <param name="host">Host name or address, as used to connect (ssh matches the name literally, it does not resolve it).</param>
    /// <param name="port">The SSH TCP port; null or 22 records the bare host, others <c>[host]:port</c>.</param>
    /// <param name="publicKey">A public key line: <c>ssh-ed25519 AAAA… [comment]</c> (the comment is not recorded).</param>
    /// <returns>True when the file changed.</returns>
    /// <exception cref="ArgumentException">The key is not a public key line.</exception>
    /// <exception cref="IOException">The file or its directory cannot be written.</exception>
    public bool Add(string host, int? port, string publicKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(publicKey);
        var parts = publicKey.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !parts[0].StartsWith("ssh-", StringComparison.Ordinal) && !parts[0].StartsWith("ecdsa-", StringComparison.Ordinal))
            throw new ArgumentException("the public key must look like 'ssh-ed25519 AAAA…' (a line of a .pub file).", nameof(publicKey));
        var line = $"{HostPattern(host, port)} {parts[0]} {parts[1]}";
        lock (WriteLocks.GetOrAdd(System.IO.Path.GetFullPath(Path), _ => new object()))
        {
            var lines = ReadLines();
            if (lines.Contains(line, StringComparer.Ordinal)) return false;
            lines.Add(line);
            Write(lines);
            return true;
        }
    }

    /// <summary>
    /// Removes every key recorded for a host, plain or hashed (after a legitimate reinstall; like <c>ssh-keygen -R</c>).
    /// Returns true when something was removed.
    /// </summary>
    /// <param name="host">Host name or address, as used to connect.</param>
    /// <param name="port">The SSH TCP port; null or 22 for the bare host.</param>
    /// <exception cref="IOException">The file cannot be rewritten.</exception>
    public bool Remove(string host, int? port)
    {
        var target = HostPattern(host, port);
        lock (WriteLocks.GetOrAdd(System.IO.Path.GetFullPath(Path), _ => new object()))
        {
            var lines = ReadLines();
            var kept = lines.Where(l => KnownHostsLine.Parse(l) is not { Marker: null } e || !e.Matches(target)).ToList();
            if (kept.Count == lines.Count) return false;
            Write(kept);
            return true;
        }
    }

    /// <summary>The key lines (<c>type base64</c>) recorded for a host (plain, hashed or wildcard entries; not revoked ones).</summary>
    /// <param name="host">Host name or address, as used to connect.</param>
    /// <param name="port">The SSH TCP port; null or 22 for the bare host.</param>
    public IReadOnlyList<string> KeysFor(string host, int? port)
    {
        var target = HostPattern(host, port);
        return [.. Entries().Where(e => e.Marker is null && e.Matches(target)).Select(e => e.KeyType + " " + e.KeyBase64)];
    }

    /// <summary>The parsed entries of the file (none when it does not exist); malformed lines are skipped, as ssh does.</summary>
    internal IEnumerable<KnownHostsLine> Entries() => ReadLines().Select(KnownHostsLine.Parse).OfType<KnownHostsLine>();

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
