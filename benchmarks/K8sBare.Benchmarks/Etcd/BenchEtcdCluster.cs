using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using K8sBare.Etcd;
using K8sBare.Pki.Certificates;
using K8sBare.Pki.Keys;

namespace K8sBare.Benchmarks.Etcd;

/// <summary>
/// A real local etcd cluster for benchmarks: loopback, TLS with client-cert auth, fast raft timers, a throw-away
/// CA issued through K8sBare.Pki. Dispose kills the processes and removes the directory.
/// </summary>
internal sealed class BenchEtcdCluster : IDisposable
{
    private readonly Dictionary<string, Process> _processes = [];

    public BenchEtcdCluster(int size)
    {
        Dir = Path.Combine(Path.GetTempPath(), "k8sbare-bench-etcd-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Dir);
        (CaPem, ServerPem, ServerKeyPem, ClientPem, ClientKeyPem) = MakePki();
        File.WriteAllText(P("ca.crt"), CaPem);
        File.WriteAllText(P("server.crt"), ServerPem);
        File.WriteAllText(P("server.key"), ServerKeyPem);
        Token = "bench-" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < size; i++) Ports[$"m{i}"] = (FreePort(), FreePort());
        var initial = InitialCluster(Ports.Keys);
        foreach (var name in Ports.Keys) Start(name, initial, "new");
    }

    public string Dir { get; }
    public string Token { get; }
    public string CaPem { get; }
    public string ServerPem { get; }
    public string ServerKeyPem { get; }
    public string ClientPem { get; }
    public string ClientKeyPem { get; }
    public Dictionary<string, (int Client, int Peer)> Ports { get; } = [];

    public Uri ClientUrl(string name) => new($"https://127.0.0.1:{Ports[name].Client}");
    public Uri PeerUrl(string name) => new($"https://127.0.0.1:{Ports[name].Peer}");
    public IReadOnlyList<Uri> ClientUrls => [.. Ports.Keys.Select(ClientUrl)];
    public string DataDir(string name) => P(name + ".data");

    public EtcdClient CreateClient() => new(EtcdClientOptions.FromPem(ClientUrls, CaPem, ClientPem, ClientKeyPem));

    public string InitialCluster(IEnumerable<string> names) => string.Join(",", names.Select(n => $"{n}=https://127.0.0.1:{Ports[n].Peer}"));

    public void Start(string name, string initialCluster, string state, IEnumerable<string>? extra = null)
    {
        var (c, p) = Ports[name];
        var psi = new ProcessStartInfo("etcd") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        string[] args =
        [
            $"--name={name}", $"--data-dir={DataDir(name)}",
            $"--listen-client-urls=https://127.0.0.1:{c}", $"--advertise-client-urls=https://127.0.0.1:{c}",
            $"--listen-peer-urls=https://127.0.0.1:{p}", $"--initial-advertise-peer-urls=https://127.0.0.1:{p}",
            $"--initial-cluster={initialCluster}", $"--initial-cluster-state={state}", $"--initial-cluster-token={Token}",
            "--client-cert-auth", $"--trusted-ca-file={P("ca.crt")}", $"--cert-file={P("server.crt")}", $"--key-file={P("server.key")}",
            "--peer-client-cert-auth", $"--peer-trusted-ca-file={P("ca.crt")}", $"--peer-cert-file={P("server.crt")}", $"--peer-key-file={P("server.key")}",
            "--heartbeat-interval=50", "--election-timeout=500", "--logger=zap", "--log-level=error",
        ];
        var overridden = (extra ?? []).ToList();
        foreach (var a in args.Where(a => overridden.All(o => o.Split('=')[0] != a.Split('=')[0]))) psi.ArgumentList.Add(a);
        foreach (var o in overridden) psi.ArgumentList.Add(o);
        var proc = Process.Start(psi)!;
        proc.OutputDataReceived += (_, _) => { };
        proc.ErrorDataReceived += (_, _) => { };
        proc.BeginOutputReadLine();
        proc.BeginErrorReadLine();
        _processes[name] = proc;
    }

    public void Kill(string name)
    {
        if (!_processes.Remove(name, out var p)) return;
        try { p.Kill(entireProcessTree: true); p.WaitForExit(10_000); } catch (InvalidOperationException) { }
        p.Dispose();
    }

    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var client = CreateClient();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var ok = true;
            foreach (var name in _processes.Keys) ok &= await client.IsHealthyAsync(ClientUrl(name));
            if (ok) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("etcd did not become healthy");
            await Task.Delay(100);
        }
    }

    public void Dispose()
    {
        foreach (var n in _processes.Keys.ToList()) Kill(n);
        try { Directory.Delete(Dir, true); } catch (IOException) { }
    }

    private string P(string f) => Path.Combine(Dir, f);

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static (string Ca, string Server, string ServerKey, string Client, string ClientKey) MakePki()
    {
        var validity = TimeSpan.FromDays(1);
        using var ca = CertificateAuthority.Create(new CertificateAuthoritySpec
        {
            CommonName = "bench-etcd-ca", KeyAlgorithm = KeyAlgorithm.EcdsaP256, Validity = validity,
        });
        using var server = ca.Issue(new CertificateSpec
        {
            CommonName = "etcd-server", Usage = CertificateUsage.ServerAndClient, IpAddresses = ["127.0.0.1"],
            KeyAlgorithm = KeyAlgorithm.EcdsaP256, Validity = validity,
        });
        using var client = ca.Issue(new CertificateSpec
        {
            CommonName = "etcd-client", Usage = CertificateUsage.Client, KeyAlgorithm = KeyAlgorithm.EcdsaP256, Validity = validity,
        });
        return (ca.CertificatePem, server.CertificatePem, server.KeyPem(), client.CertificatePem, client.KeyPem());
    }
}
