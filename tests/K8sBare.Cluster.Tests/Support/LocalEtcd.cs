using System.Diagnostics;
using K8sBare.Etcd;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Support;

/// <summary>One real etcd process (a given release) on a loopback address, plain http, killed on dispose.</summary>
internal sealed class LocalEtcd : IDisposable
{
    private Process? _process;

    public LocalEtcd(string name, string version, string address, string dataDir, string logFile)
    {
        Name = name;
        Version = version;
        ClientUrl = new Uri($"http://{address}:{FreePort.Next()}");
        PeerUrl = $"http://{address}:{FreePort.Next()}";
        DataDir = dataDir;
        LogFile = logFile;
    }

    public string Name { get; }
    public string Version { get; private set; }
    public Uri ClientUrl { get; }
    public string PeerUrl { get; }
    public string DataDir { get; }
    public string LogFile { get; }

    /// <summary>Starts etcd; on a data dir that already holds a member (e.g. restored) the initial-cluster flags are ignored by etcd.</summary>
    public void Start(string initialCluster, string token = "local")
    {
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec \"$0\" \"$@\" >>\"$ETCD_TEST_LOG\" 2>&1");
        psi.ArgumentList.Add(EtcdServers.Etcd(Version));
        foreach (var a in new[]
                 {
                     $"--name={Name}", $"--data-dir={DataDir}", $"--listen-client-urls={ClientUrl.OriginalString}", $"--advertise-client-urls={ClientUrl.OriginalString}",
                     $"--listen-peer-urls={PeerUrl}", $"--initial-advertise-peer-urls={PeerUrl}", $"--initial-cluster={initialCluster}",
                     "--initial-cluster-state=new", $"--initial-cluster-token={token}", "--heartbeat-interval=200", "--election-timeout=2000",
                 })
            psi.ArgumentList.Add(a);
        psi.Environment["ETCD_TEST_LOG"] = LogFile;
        foreach (var k in psi.Environment.Keys.Where(k => k.StartsWith("ETCD_", StringComparison.Ordinal) && k != "ETCD_TEST_LOG").ToList()) psi.Environment.Remove(k);
        _process = Process.Start(psi) ?? throw new InvalidOperationException("could not start etcd");
    }

    /// <summary>SIGTERM and wait: etcd shuts down cleanly (as systemd stops it), keeping its data dir.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } p) return;
        using (var kill = Process.Start("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(cts.Token);
        p.Dispose();
        _process = null;
    }

    /// <summary>Runs another release's binary from the next start (same name, data dir and URLs).</summary>
    public void UseVersion(string version) => Version = version;

    public static async Task WaitHealthyAsync(IReadOnlyList<LocalEtcd> members, TimeSpan timeout)
    {
        using var client = new EtcdClient(new EtcdClientOptions { Endpoints = members.Select(m => m.ClientUrl).ToList(), RequestTimeout = TimeSpan.FromSeconds(3) });
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var ok = true;
            foreach (var m in members)
            {
                if (m._process is { HasExited: true } p) throw new InvalidOperationException($"etcd {m.Name} exited ({p.ExitCode}):\n{m.LogTail()}");
                ok &= await client.IsHealthyAsync(m.ClientUrl);
            }
            if (ok) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("etcd not healthy:\n" + string.Join("\n---\n", members.Select(m => m.LogTail())));
            await Task.Delay(100);
        }
    }

    public string LogTail() => File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(30)) : "(no log)";

    public void Dispose()
    {
        try { if (_process is { HasExited: false } p && KillTree(p)) p.WaitForExit(10_000); }
        catch (InvalidOperationException) { }
        _process?.Dispose();
        _process = null;
    }

    private static bool KillTree(Process p)
    {
        p.Kill(entireProcessTree: true);
        return true;
    }
}
