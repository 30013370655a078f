using System.Globalization;
using K8sBare.Remote;
using K8sBare.Remote.Commands;
using K8sBare.Remote.Files;
using K8sBare.Remote.Shell;

namespace K8sBare.Cluster.Operations;

/// <summary>What a target host holds before a restore (read-only inspection).</summary>
/// <param name="Tool">The restore tool found (absolute path), or null.</param>
/// <param name="HasData">The data dir already holds an etcd member (<c>member/</c>).</param>
/// <param name="AlreadyRestored">An earlier run restored this very snapshot and token here.</param>
internal sealed record EtcdRestoreTarget(string? Tool, bool HasData, bool AlreadyRestored);

/// <summary>
/// One member's data dir made from a snapshot on its host, with <c>etcdutl snapshot restore</c> (3.5+) or
/// <c>etcdctl snapshot restore</c> (3.4): the member's own name and peer URL, the full new member list and the new
/// token (etcd's "Restoring a cluster" procedure: every member restored from the same snapshot, then started).
/// The restore goes to a temporary dir renamed into place, and a marker records the snapshot and token, so a run
/// cut anywhere is finished by running it again.
/// </summary>
internal static class EtcdMemberRestore
{
    public const string WorkDir = "/var/lib/k8sbare/restore";

    public static string SnapshotPath(string workDir) => workDir + "/etcd-snapshot.db";

    public static string MarkerPath(string workDir) => workDir + "/etcd-restored";

    public static async Task<EtcdRestoreTarget> InspectAsync(IHostConnection host, EtcdRestoreMember member, string sha, string token, string? tool, string workDir, CancellationToken ct)
    {
        var q = ShellQuote.Quote;
        var script = $$"""
            tool={{q(tool ?? "")}}
            if [ -z "$tool" ]; then
              for c in etcdutl /usr/local/bin/etcdutl etcdctl /usr/local/bin/etcdctl; do
                if command -v "$c" >/dev/null 2>&1; then tool=$(command -v "$c"); break; fi
              done
            elif ! [ -x "$tool" ]; then tool=''; fi
            echo "tool=$tool"
            if [ -d {{q(member.DataDir + "/member")}} ]; then echo data=yes; else echo data=no; fi
            if [ "$(cat {{q(MarkerPath(workDir))}} 2>/dev/null)" = {{q(Marker(sha, token, member))}} ]; then echo done=yes; else echo done=no; fi
            """;
        var r = await host.RunAsync(script, new CommandOptions { ReadOnly = true }, ct).ConfigureAwait(false);
        r.EnsureSuccess("inspect the etcd data dir");
        var kv = r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim());
        return new EtcdRestoreTarget(kv.GetValueOrDefault("tool") is { Length: > 0 } t ? t : null, kv.GetValueOrDefault("data") == "yes", kv.GetValueOrDefault("done") == "yes");
    }

    /// <summary>Uploads the snapshot, restores the member's data dir and records the marker.</summary>
    /// <returns>The path the old data dir was moved to, or null.</returns>
    public static async Task<string?> RestoreAsync(IHostConnection host, string localSnapshot, string sha, EtcdRestoreMember member,
        IReadOnlyList<EtcdRestoreMember> members, string token, string tool, string workDir, CancellationToken ct)
    {
        var q = ShellQuote.Quote;
        await host.EnsureDirectoryAsync(workDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, cancellationToken: ct).ConfigureAwait(false);
        var snap = SnapshotPath(workDir);
        await host.UploadFileAsync(localSnapshot, snap, new FileWriteOptions { Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite }, ct).ConfigureAwait(false);
        var remoteSha = await host.Sha256Async(snap, ct).ConfigureAwait(false);
        if (!string.Equals(remoteSha, sha, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"{host.Name}: the uploaded snapshot's sha256 is {remoteSha}, not {sha}: the transfer damaged it. Run the restore again.");

        var initialCluster = string.Join(",", members.Select(m => $"{m.Name}={m.PeerUrl}"));
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var data = member.DataDir.TrimEnd('/');
        var tmp = data + ".k8sbare-restore";
        var aside = data + ".k8sbare-before-restore-" + stamp;
        var env = Path.GetFileName(tool).StartsWith("etcdctl", StringComparison.Ordinal) ? "ETCDCTL_API=3 " : "";
        var script = $"""
            set -eu
            rm -rf {q(tmp)}
            {env}{q(tool)} snapshot restore {q(snap)} --name={q(member.Name)} --initial-cluster={q(initialCluster)} --initial-cluster-token={q(token)} --initial-advertise-peer-urls={q(member.PeerUrl)} --data-dir={q(tmp)} >{q(workDir + "/restore.log")} 2>&1 || {"{"} cat {q(workDir + "/restore.log")} >&2; exit 1; {"}"}
            if [ -d {q(data)} ] && [ -n "$(ls -A {q(data)} 2>/dev/null)" ]; then mv {q(data)} {q(aside)}; echo aside={q(aside)}; else rm -rf {q(data)}; fi
            mv {q(tmp)} {q(data)}
            chmod 700 {q(data)}
            printf '%s\n' {q(Marker(sha, token, member))} > {q(MarkerPath(workDir) + ".part")}
            mv {q(MarkerPath(workDir) + ".part")} {q(MarkerPath(workDir))}
            rm -f {q(snap)}
            """;
        var r = await host.RunAsync(script, new CommandOptions { AllowNonZeroExit = true, Timeout = TimeSpan.FromMinutes(10) }, ct).ConfigureAwait(false);
        if (!r.Succeeded)
            throw new InvalidOperationException($"{host.Name}: `{Path.GetFileName(tool)} snapshot restore` failed ({r.ExitCode}): {r.StdErr.Trim()} {r.StdOut.Trim()}".Trim());
        var line = r.StdOut.Split('\n').FirstOrDefault(l => l.StartsWith("aside=", StringComparison.Ordinal));
        return line?["aside=".Length..].Trim();
    }

    private static string Marker(string sha, string token, EtcdRestoreMember member) => $"{sha} {token} {member.Name} {member.PeerUrl}";
}
