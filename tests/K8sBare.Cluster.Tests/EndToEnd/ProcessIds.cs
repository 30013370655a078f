using K8sBare.Testing.Testbed;

namespace K8sBare.Cluster.Tests.EndToEnd;

/// <summary>The main PIDs of processes on test-bed hosts, read from the hosts (a restart shows as a new PID).</summary>
internal static class ProcessIds
{
    /// <summary><c>host/process</c> → PID (<c>pidof -s</c>); a process that does not run fails the test.</summary>
    public static async Task<Dictionary<string, string>> ReadAsync(Testbed tb, params (string Host, string[] Processes)[] hosts)
    {
        var pids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (host, processes) in hosts)
            foreach (var p in processes)
                pids[$"{host}/{p}"] = (await tb[host].ExecAsync($"pidof -s {p}")).EnsureSuccess($"{p} runs on {host}").StdOut.Trim();
        return pids;
    }
}
