using System.Diagnostics;
using K8sBare.Testing;

namespace K8sBare.Etcd.Tests.Support;

/// <summary>One real etcd process on loopback with TLS and client-cert auth; killed on dispose.</summary>
internal sealed class EtcdMemberProcess : IDisposable
{
    private Process? _process;

    public EtcdMemberProcess(string name, string version, string baseDir, TestPkiFiles pki, int? clientPort = null, int? peerPort = null)
    {
        Name = name;
        Version = version;
        Pki = pki;
        ClientPort = clientPort ?? EtcdPorts.Next();
        PeerPort = peerPort ?? EtcdPorts.Next();
        DataDir = Path.Combine(baseDir, name + ".data");
        LogFile = Path.Combine(baseDir, name + ".log");
    }

    public string Name { get; }
    public string Version { get; }
    public TestPkiFiles Pki { get; }
    public int ClientPort { get; private set; }
    public int PeerPort { get; private set; }
    public string DataDir { get; }
    public string LogFile { get; }
    public Uri ClientUrl => new($"https://127.0.0.1:{ClientPort}");
    public Uri PeerUrl => new($"https://127.0.0.1:{PeerPort}");
    public string PeerUrlText => $"https://127.0.0.1:{PeerPort}";
    public bool IsRunning => _process is { HasExited: false };
    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;

    /// <summary>True when the member exited because another process took one of its ports first.</summary>
    public bool LostPortRace => ExitCode is not null && LogTail(60).Contains("address already in use", StringComparison.Ordinal);

    /// <summary>New ports after a lost race (only before the member ever joined a cluster).</summary>
    public void PickNewPorts()
    {
        Kill();
        WipeDataDir();
        if (File.Exists(LogFile)) File.Delete(LogFile);
        ClientPort = EtcdPorts.Next();
        PeerPort = EtcdPorts.Next();
    }

    /// <summary>Listens for peers on another port from the next start (after a member update of its peer URL).</summary>
    public void UsePeerPort(int port) => PeerPort = port;

    /// <summary>Starts etcd; <paramref name="extraFlags"/> override/add flags (e.g. the join instructions).</summary>
    public void Start(string initialCluster, string state, string token, IEnumerable<string>? extraFlags = null)
    {
        if (IsRunning) throw new InvalidOperationException($"etcd member {Name} already runs.");
        var etcd = EtcdServers.Etcd(Version);
        var args = new List<string>
        {
            $"--name={Name}", $"--data-dir={DataDir}",
            $"--listen-client-urls={ClientUrl.OriginalString}", $"--advertise-client-urls={ClientUrl.OriginalString}",
            $"--listen-peer-urls={PeerUrlText}", $"--initial-advertise-peer-urls={PeerUrlText}",
            $"--initial-cluster={initialCluster}", $"--initial-cluster-state={state}", $"--initial-cluster-token={token}",
            "--client-cert-auth", $"--trusted-ca-file={Pki.Ca}", $"--cert-file={Pki.ServerCert}", $"--key-file={Pki.ServerKey}",
            "--peer-client-cert-auth", $"--peer-trusted-ca-file={Pki.Ca}", $"--peer-cert-file={Pki.ServerCert}", $"--peer-key-file={Pki.ServerKey}",
            // Timers that hold on a loaded 2-core machine (etcd's defaults are 100/1000 ms; 50/500 flaked here).
            "--heartbeat-interval=200", "--election-timeout=2000", "--logger=zap", "--log-outputs=stderr",
        };
        if (extraFlags is not null)
        {
            foreach (var f in extraFlags)
            {
                var key = f.Split('=')[0];
                args.RemoveAll(a => a.Split('=')[0] == key);
                args.Add(f);
            }
        }
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec \"$0\" \"$@\" >>\"$ETCD_TEST_LOG\" 2>&1");
        psi.ArgumentList.Add(etcd);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["ETCD_TEST_LOG"] = LogFile;
        foreach (var k in psi.Environment.Keys.Where(k => k.StartsWith("ETCD_", StringComparison.Ordinal) && k != "ETCD_TEST_LOG").ToList())
            psi.Environment.Remove(k);
        _process = Process.Start(psi) ?? throw new InvalidOperationException("could not start etcd");
    }

    /// <summary>SIGKILL: the member dies without a goodbye, like a crashed host.</summary>
    public void Kill()
    {
        if (_process is null) return;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        _process = null;
    }

    /// <summary>Waits for the process to exit on its own; null when it is still running after the timeout.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        if (_process is null) return null;
        using var cts = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { return null; }
        return _process.ExitCode;
    }

    public void WipeDataDir()
    {
        if (Directory.Exists(DataDir)) Directory.Delete(DataDir, recursive: true);
    }

    public string LogTail(int lines = 30) =>
        File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(lines)) : "(no log)";

    public void Dispose() => Kill();
}
