using System.Globalization;
using K8sBare.Testing.Testbed;

namespace K8sBare.Remote.Tests;

/// <summary>What a cut did: the session processes killed (pid and name as the host sees them) and the TCP peer they served.</summary>
/// <param name="Killed">The killed processes, from the one nearest the writer up (e.g. <c>sshd-session</c> twice on OpenSSH ≥ 9.8, <c>sshd</c> twice before).</param>
/// <param name="Peer">The client end (<c>address:port</c>) of the connection they served; it is no longer established on the host.</param>
internal sealed record SshCutResult(IReadOnlyList<(int Pid, string Name)> Killed, string Peer)
{
    public override string ToString() =>
        $"killed {string.Join(", ", Killed.Select(k => $"{k.Name}[{k.Pid}]"))}, connection from {Peer} gone";
}

/// <summary>
/// Cuts, from the host's side, exactly the SSH connection that serves a running upload, like a dropped link: on the host
/// (out of band, nsenter), it finds the process whose stdout is the upload's temp file, walks up its parents to the sshd
/// listener and SIGKILLs the session processes in between — whatever OpenSSH calls them (<c>sshd</c> before 9.8,
/// <c>sshd-session</c> since; the listener is the topmost sshd-family ancestor). It then waits until the host no longer
/// has that TCP connection established. The listener stays, so the host accepts new connections at once; other
/// connections to the host are not touched. Throws when any step finds nothing, so a test using it fails instead of
/// passing without a cut.
/// </summary>
internal static class SshCut
{
    /// <summary>Cuts the connection serving the process that writes to a file whose path starts with <paramref name="tempFilePrefix"/>.</summary>
    /// <param name="host">The testbed host serving the connection.</param>
    /// <param name="tempFilePrefix">Absolute path prefix of the upload's temp file on the host (e.g. <c>/srv/x/.big.bin.k8sbare.</c>).</param>
    public static async Task<SshCutResult> CutConnectionWritingAsync(TestbedHost host, string tempFilePrefix)
    {
        // 1. the writer (head -c N > "$t") and its ancestors: "pid ppid comm" per line, writer first
        var chainScript = $$"""
            prefix={{Quote(tempFilePrefix)}}
            w=
            for f in /proc/[0-9]*/fd/1; do
              l=$(readlink "$f" 2>/dev/null) || continue
              case "$l" in "$prefix"*) p=${f#/proc/}; w=${p%%/*}; break ;; esac
            done
            [ -n "$w" ] || { echo "no process on the host writes to $prefix*" >&2; exit 3; }
            p=$w
            while [ "$p" -gt 1 ]; do
              s=$(cat /proc/$p/stat) || exit 4
              c=${s#*(}; c=${c%)*}; r=${s##*) }
              set -- $r
              echo "$p $2 $c"
              p=$2
            done
            """;
        var chain = (await host.ExecAsync(chainScript)).EnsureSuccess($"find the upload's writer on {host.Name}").StdOut
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', 3))
            .Select(f => (Pid: int.Parse(f[0], CultureInfo.InvariantCulture), Parent: int.Parse(f[1], CultureInfo.InvariantCulture), Name: f[2]))
            .ToList();
        var listener = chain.FindLastIndex(p => IsSshd(p.Name));
        if (listener < 0) throw new InvalidOperationException($"the upload's writer on {host.Name} has no sshd ancestor: {Describe(chain)}");
        var sessions = chain.Take(listener).Where(p => IsSshd(p.Name)).Select(p => (p.Pid, p.Name)).ToList();
        if (sessions.Count == 0) throw new InvalidOperationException($"no sshd session process between the upload's writer and the listener on {host.Name}: {Describe(chain)}");

        // 2. the TCP connection those processes hold (its client end), as the host's kernel sees it
        var ss = (await host.ExecAsync("ss -tnpH state established")).EnsureSuccess($"ss on {host.Name}").StdOut;
        var peers = ss.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => sessions.Any(s => l.Contains($"pid={s.Pid.ToString(CultureInfo.InvariantCulture)},", StringComparison.Ordinal)))
            .Select(Peer)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (peers.Count != 1)
            throw new InvalidOperationException($"expected the session processes {Describe(sessions)} on {host.Name} to hold one established TCP connection, found {peers.Count}:\n{ss}");
        var peer = peers[0];

        // 3. the cut (a session process may already be exiting because its partner died first: what was signalled counts),
        //    then proof from the host that the connection is gone
        var pids = string.Join(' ', sessions.Select(s => s.Pid.ToString(CultureInfo.InvariantCulture)));
        var signalled = (await host.ExecAsync($"for p in {pids}; do kill -KILL $p 2>/dev/null && echo $p; done; true")).EnsureSuccess($"kill {pids} on {host.Name}").StdOut
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToHashSet();
        if (signalled.Count == 0) throw new InvalidOperationException($"none of {Describe(sessions)} on {host.Name} was alive to kill");
        await Eventually.HoldsAsync(async () => !(await host.ExecAsync("ss -tnH state established")).EnsureSuccess($"ss on {host.Name}").StdOut
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Any(l => Peer(l) == peer),
            $"the connection from {peer} to {host.Name} to be gone after killing {Describe(sessions)}");
        return new SshCutResult([.. sessions.Where(s => signalled.Contains(s.Pid))], peer);
    }

    /// <summary>sshd before OpenSSH 9.8 (listener and sessions alike); sshd-session / sshd-auth since.</summary>
    private static bool IsSshd(string name) => name == "sshd" || name.StartsWith("sshd-", StringComparison.Ordinal);

    /// <summary>The peer column of an <c>ss -tnH state established</c> line (Recv-Q, Send-Q, local, peer, process).</summary>
    private static string Peer(string ssLine) => ssLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];

    private static string Describe(IEnumerable<(int Pid, int Parent, string Name)> chain) =>
        string.Join(" <- ", chain.Select(p => $"{p.Name}[{p.Pid}]"));

    private static string Describe(IEnumerable<(int Pid, string Name)> procs) =>
        string.Join(", ", procs.Select(p => $"{p.Name}[{p.Pid}]"));

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
