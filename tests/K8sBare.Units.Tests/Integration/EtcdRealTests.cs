using System.Diagnostics;
using K8sBare.Units.Components;
using K8sBare.Units.Services;
using K8sBare.Units.Systemd;

namespace K8sBare.Units.Tests.Integration;

/// <summary>
/// A real etcd (Debian's /usr/bin/etcd 3.4) starts from the flags in the rendered unit: the ExecStart line is parsed back
/// out of the unit text, run, and probed with etcdctl. Ports are random loopback ports, data dirs are temp dirs.
/// </summary>
public sealed class EtcdRealTests
{
    [RequiresFact("etcd", "etcdctl")]
    public async Task Etcd_starts_from_the_rendered_unit_plain_http()
    {
        using var dir = new TempDirectory("k8sbare-units-etcd");
        int client = FreePort.Next(), peer = FreePort.Next();
        var options = new EtcdOptions
        {
            Name = "k8sbare-test",
            DataDir = dir.Combine("data"),
            InitialAdvertisePeerUrls = [$"http://127.0.0.1:{peer}"],
            ListenPeerUrls = [$"http://127.0.0.1:{peer}"],
            ListenClientUrls = [$"http://127.0.0.1:{client}"],
            AdvertiseClientUrls = [$"http://127.0.0.1:{client}"],
            InitialCluster = [new EtcdMember("k8sbare-test", $"http://127.0.0.1:{peer}")],
            BinaryPath = TestEnvironment.RequireTool("etcd"),
        };
        await RunAndProbeAsync(options, dir, $"http://127.0.0.1:{client}", []);
    }

    [RequiresFact("etcd", "etcdctl", "openssl")]
    public async Task Etcd_starts_from_the_rendered_unit_with_client_and_peer_tls()
    {
        using var dir = new TempDirectory("k8sbare-units-etcd");
        var certs = await TestCerts.CreateAsync(dir);
        int client = FreePort.Next(), peer = FreePort.Next();
        var tls = new EtcdTlsOptions
        {
            TrustedCaFile = certs.Ca, CertFile = certs.Cert, KeyFile = certs.Key,
            PeerTrustedCaFile = certs.Ca, PeerCertFile = certs.Cert, PeerKeyFile = certs.Key,
        };
        var options = EtcdOptions.ForMember("k8sbare-tls", "127.0.0.1", [new EtcdMember("k8sbare-tls", $"https://127.0.0.1:{peer}")], tls) with
        {
            DataDir = dir.Combine("data"),
            InitialAdvertisePeerUrls = [$"https://127.0.0.1:{peer}"],
            ListenPeerUrls = [$"https://127.0.0.1:{peer}"],
            ListenClientUrls = [$"https://127.0.0.1:{client}"],
            AdvertiseClientUrls = [$"https://127.0.0.1:{client}"],
            BinaryPath = TestEnvironment.RequireTool("etcd"),
        };
        await RunAndProbeAsync(options, dir, $"https://127.0.0.1:{client}", ["--cacert", certs.Ca, "--cert", certs.Cert, "--key", certs.Key]);
    }

    private static async Task RunAndProbeAsync(EtcdOptions options, TempDirectory dir, string endpoint, string[] tlsArgs)
    {
        var unitText = options.ToService().Render(InitSystem.Systemd).Content;
        var cmd = SystemdQuoting.ParseCommand(SystemdUnit.Parse(unitText).Get("Service", "ExecStart")!);
        Assert.Equal(options.BinaryPath, cmd.Path);
        Assert.Contains("--initial-cluster-state=new", cmd.Arguments);

        var psi = new ProcessStartInfo(cmd.Path) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in cmd.Arguments) psi.ArgumentList.Add(a);
        using var etcd = Process.Start(psi)!;
        var log = new System.Text.StringBuilder();
        etcd.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        etcd.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        etcd.BeginErrorReadLine();
        etcd.BeginOutputReadLine();
        try
        {
            ToolResult? last = null;
            for (var i = 0; i < 100 && !etcd.HasExited; i++)
            {
                last = await ProcessRunner.RunAsync("etcdctl", ["--endpoints", endpoint, .. tlsArgs, "--dial-timeout=1s", "endpoint", "health"],
                    env: new Dictionary<string, string> { ["ETCDCTL_API"] = "3" }, timeout: TimeSpan.FromSeconds(10));
                if (last.ExitCode == 0) break;
                await Task.Delay(200);
            }
            string output;
            lock (log) output = log.ToString();
            Assert.True(last is { ExitCode: 0 }, $"etcd did not become healthy (exited: {etcd.HasExited}).\netcdctl: {last?.StdErr}{last?.StdOut}\netcd log:\n{output}");
            Assert.Contains("is healthy", last!.StdOut + last.StdErr, StringComparison.Ordinal);
            Assert.True(Directory.Exists(Path.Combine(options.DataDir, "member")), "etcd did not use the rendered --data-dir");
        }
        finally
        {
            if (!etcd.HasExited) etcd.Kill(entireProcessTree: true);
            await etcd.WaitForExitAsync();
        }
    }
}
