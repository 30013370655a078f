using System.Globalization;
using K8sBare.Testing.Testbed;

namespace K8sBare.Remote.Tests;

/// <summary>
/// Cuts every SSH connection to a testbed host from the host's side, like a dropped link: SIGKILL to each sshd process
/// serving a connection (an sshd whose parent is an sshd), found among the descendants of the host's leader process
/// (seen from this machine's /proc, so nothing outside the host is touched). The listener stays, so the host accepts new
/// connections at once.
/// </summary>
internal static class SshCut
{
    /// <summary>Kills the host's SSH connections; returns how many sshd processes were killed.</summary>
    public static int KillConnections(TestbedHost host)
    {
        var procs = new Dictionary<int, (int Parent, string Comm)>();
        foreach (var d in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(d), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(d, "stat"));
                var close = stat.LastIndexOf(')');
                var comm = stat[(stat.IndexOf('(') + 1)..close];
                var ppid = int.Parse(stat[(close + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                procs[pid] = (ppid, comm);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        bool Under(int pid)
        {
            for (var p = pid; p > 1 && procs.ContainsKey(p); p = procs[p].Parent)
                if (p == host.LeaderPid) return true;
            return false;
        }
        var killed = 0;
        foreach (var (pid, (parent, comm)) in procs)
        {
            if (comm != "sshd" || !procs.TryGetValue(parent, out var pp) || pp.Comm != "sshd" || !Under(pid)) continue;
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
                killed++;
            }
            catch (ArgumentException) { }
            catch (InvalidOperationException) { }
        }
        return killed;
    }
}
