using System.Diagnostics;
using K8sBare.Pki.Catalog;
using K8sBare.Pki.Certificates;
using K8sBare.Pki.Generation;
using K8sBare.Pki.Keys;
using K8sBare.Testing;

namespace K8sBare.Pki.Tests;

/// <summary>A real etcd (Debian etcd-server) runs with the catalogue's etcd server/peer certificates and client-cert auth.</summary>
public class EtcdTlsTests
{
    [RequiresFact("etcd", "curl", "etcdctl")]
    public async Task Etcd_accepts_the_generated_clients_and_refuses_a_foreign_ca()
    {
        using var dir = new TempDirectory("k8sbare-pki-etcd");
        var topology = new ClusterTopology
        {
            ControlPlaneNodes = [new TopologyNode("etcd-1", "127.0.0.1")],
            EtcdNodes = [new TopologyNode("etcd-1", "127.0.0.1")],
            WorkerNodes = [new TopologyNode("node-1", "127.0.0.1")],
        };
        var catalog = CertificateCatalog.For(topology, new CertificateCatalogOptions { KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
        using var pki = await ClusterPkiGenerator.GenerateAsync(catalog, new PkiStore(dir.Combine("pki")));

        // Render the etcd member's and control plane's files into a fake root, exactly as they would land on the host.
        var root = dir.Combine("root");
        foreach (var f in pki.FilesFor("etcd-1").Concat(pki.FilesFor("node-1")))
            await Pem.PemFile.WriteAsync(root + f.Path, System.Text.Encoding.UTF8.GetBytes(f.Content), f.Mode);
        string R(string p) => root + p;

        var clientPort = FreePort.Next();
        var peerPort = FreePort.Next();
        var client = $"https://127.0.0.1:{clientPort}";
        var peer = $"https://127.0.0.1:{peerPort}";
        var psi = new ProcessStartInfo(TestEnvironment.RequireTool("etcd"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[]
        {
            "--name", "etcd-1", "--data-dir", dir.Combine("data"),
            "--listen-client-urls", client, "--advertise-client-urls", client,
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
            "--initial-cluster", $"etcd-1={peer}", "--initial-cluster-state", "new", "--initial-cluster-token", "pki-test",
            "--client-cert-auth", "--trusted-ca-file", R("/etc/etcd/ca.pem"),
            "--cert-file", R("/etc/etcd/server.pem"), "--key-file", R("/etc/etcd/server-key.pem"),
            "--peer-client-cert-auth", "--peer-trusted-ca-file", R("/etc/etcd/ca.pem"),
            "--peer-cert-file", R("/etc/etcd/peer.pem"), "--peer-key-file", R("/etc/etcd/peer-key.pem"),
            "--listen-metrics-urls", $"http://127.0.0.1:{FreePort.Next()}",
        }) psi.ArgumentList.Add(a);
        using var etcd = Process.Start(psi)!;
        var log = new System.Text.StringBuilder();
        etcd.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        etcd.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        etcd.BeginOutputReadLine();
        etcd.BeginErrorReadLine();
        try
        {
            // TLS 1.2: the server checks the client certificate inside the handshake, so a refusal is a handshake failure
            // (with TLS 1.3 the client sees it only on its first read or write, as a reset or an HTTP/2 error).
            string[] Tls(string cert, string key) => ["-sS", "--max-time", "5", "--tls-max", "1.2", "--cacert", R("/var/lib/kubernetes/etcd-ca.pem"), "--cert", cert, "--key", key];
            var apiCert = R("/var/lib/kubernetes/apiserver-etcd-client.pem");
            var apiKey = R("/var/lib/kubernetes/apiserver-etcd-client-key.pem");

            ToolResult health = new(1, "", "");
            for (var i = 0; i < 100 && !health.StdOut.Contains("\"health\":\"true\"", StringComparison.Ordinal); i++)
            {
                Assert.False(etcd.HasExited, $"etcd exited {(etcd.HasExited ? etcd.ExitCode : 0)}:\n{log}");
                await Task.Delay(100);
                health = await ProcessRunner.RunAsync("curl", [.. Tls(apiCert, apiKey), $"{client}/health"]);
            }
            Assert.True(health.StdOut.Contains("\"health\":\"true\"", StringComparison.Ordinal), $"{health.StdOut}{health.StdErr}\n{log}");

            // The apiserver's etcd client writes and reads through the v3 JSON gateway.
            var put = await ProcessRunner.RunAsync("curl", [.. Tls(apiCert, apiKey), "-X", "POST", $"{client}/v3/kv/put", "-d", "{\"key\":\"Zm9v\",\"value\":\"YmFy\"}"]);
            Assert.Contains("\"header\"", put.EnsureSuccess("put").StdOut, StringComparison.Ordinal);
            var range = await ProcessRunner.RunAsync("curl", [.. Tls(apiCert, apiKey), "-X", "POST", $"{client}/v3/kv/range", "-d", "{\"key\":\"Zm9v\"}"]);
            Assert.Contains("\"value\":\"YmFy\"", range.EnsureSuccess("range").StdOut, StringComparison.Ordinal);

            // flannel's least-privilege etcd client (on the worker) and etcdctl's client (on the member) work too.
            var flannel = await ProcessRunner.RunAsync("curl", [.. Tls(R("/var/lib/kubernetes/flanneld/flanneld-etcd.pem"), R("/var/lib/kubernetes/flanneld/flanneld-etcd-key.pem")), $"{client}/health"]);
            Assert.Contains("\"health\":\"true\"", flannel.EnsureSuccess("flannel client").StdOut, StringComparison.Ordinal);
            var etcdctl = await ProcessRunner.RunAsync("etcdctl", ["--endpoints", client, "--cacert", R("/etc/etcd/ca.pem"),
                "--cert", R("/etc/etcd/etcdctl.pem"), "--key", R("/etc/etcd/etcdctl-key.pem"), "endpoint", "health"],
                env: new Dictionary<string, string> { ["ETCDCTL_API"] = "3" });
            Assert.Contains("is healthy", etcdctl.EnsureSuccess("etcdctl endpoint health").StdOut + etcdctl.StdErr, StringComparison.Ordinal);

            // A client certificate with the same identity from another CA is refused during the TLS handshake.
            using var foreign = CertificateAuthority.Create(new CertificateAuthoritySpec { CommonName = "etcd-ca", KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
            using var impostor = foreign.Issue(catalog["apiserver-etcd-client"].Certificate!);
            await impostor.WriteAsync(dir.Combine("impostor.pem"), dir.Combine("impostor-key.pem"));
            var refused = await ProcessRunner.RunAsync("curl", [.. Tls(dir.Combine("impostor.pem"), dir.Combine("impostor-key.pem")), $"{client}/v3/kv/range", "-X", "POST", "-d", "{\"key\":\"Zm9v\"}"]);
            AssertRefusedInTheHandshake(refused, "a client certificate from a foreign etcd CA");
            Assert.DoesNotContain("YmFy", refused.StdOut, StringComparison.Ordinal);

            // And a client from the cluster CA (not the etcd CA) is refused as well: the CAs are separate.
            var admin = pki.Certificate("admin");
            await admin.WriteAsync(dir.Combine("admin.pem"), dir.Combine("admin-key.pem"));
            var wrongCa = await ProcessRunner.RunAsync("curl", [.. Tls(dir.Combine("admin.pem"), dir.Combine("admin-key.pem")), $"{client}/health"]);
            AssertRefusedInTheHandshake(wrongCa, "a client certificate from the cluster CA");
        }
        finally
        {
            try { etcd.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await etcd.WaitForExitAsync();
        }
    }

    /// <summary>
    /// etcd refused the client certificate during the (TLS 1.2) handshake: curl fails with 35 (SSL connect error) and
    /// reports the server's alert — not a refused connection, a timeout, a reset or an HTTP error.
    /// </summary>
    internal static void AssertRefusedInTheHandshake(ToolResult r, string what)
    {
        Assert.True(r.ExitCode == 35, $"{what}: curl exit {r.ExitCode} is not a TLS handshake failure: {r.StdErr}");
        Assert.Matches("alert (bad certificate|unknown ca|certificate required)", r.StdErr);
    }

    /// <summary>
    /// The mutation check for the refusals above: the old assertion (any non-zero curl exit) also passes when nothing
    /// listens at all; the new one does not.
    /// </summary>
    [RequiresFact("curl")]
    public async Task A_refused_connection_passes_the_old_check_but_not_the_handshake_check()
    {
        var r = await ProcessRunner.RunAsync("curl", ["-sS", "--max-time", "5", $"https://127.0.0.1:{FreePort.Next()}/health"]);
        Assert.NotEqual(0, r.ExitCode); // the old assertion
        Assert.Equal(7, r.ExitCode);    // couldn't connect
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertRefusedInTheHandshake(r, "nothing listening"));
    }
}
