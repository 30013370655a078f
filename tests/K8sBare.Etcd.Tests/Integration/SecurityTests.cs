using System.Security.Cryptography.X509Certificates;
using K8sBare.Etcd.Tests.Support;
using K8sBare.Testing;

namespace K8sBare.Etcd.Tests.Integration;

/// <summary>mTLS: the server is checked against the given CA only, and etcd refuses clients without a certificate.</summary>
public sealed class SecurityTests(SingleMemberFixture fx) : IClassFixture<SingleMemberFixture>
{
    [RequiresFact("etcd")]
    public async Task A_client_without_a_certificate_is_refused()
    {
        var ca = new X509Certificate2Collection();
        ca.ImportFromPem(fx.Cluster.Pki.CaPem);
        using var client = new EtcdClient(new EtcdClientOptions { Endpoints = fx.Cluster.ClientUrls, TrustedCa = ca });
        var ex = await Assert.ThrowsAsync<EtcdException>(() => client.GetAsync("/anything"));
        Assert.Equal(EtcdStatusCode.Unavailable, ex.Code);
        Assert.Contains(fx.Cluster.ClientUrls[0].ToString(), ex.Message);
    }

    [RequiresFact("etcd")]
    public async Task A_server_certificate_from_another_CA_is_rejected()
    {
        var other = TestPki.Create("some-other-ca");
        // Our client certificate, but trusting only another CA: the server's certificate must be refused.
        using var client = new EtcdClient(EtcdClientOptions.FromPem(fx.Cluster.ClientUrls, other.CaPem, fx.Cluster.Pki.ClientPem, fx.Cluster.Pki.ClientKeyPem));
        var ex = await Assert.ThrowsAsync<EtcdException>(() => client.GetAsync("/anything"));
        Assert.Equal(EtcdStatusCode.Unavailable, ex.Code);
    }

    [RequiresFact("etcd")]
    public async Task Options_load_from_pem_files()
    {
        var f = fx.Cluster.Files;
        using var client = new EtcdClient(EtcdClientOptions.FromPemFiles(fx.Cluster.ClientUrls, f.Ca, f.ClientCert, f.ClientKey));
        await client.PutAsync("/files/k", "v");
        Assert.Equal("v", (await client.GetAsync("/files/k"))!.Value);
    }

    [RequiresFact("etcd")]
    public async Task A_timeout_is_reported_as_deadline_exceeded_or_unavailable()
    {
        // A listener that accepts TCP but never answers TLS: the request must time out, not hang.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var url = new Uri($"https://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}");
        using var client = new EtcdClient(fx.Cluster.Pki.ClientOptions([url]) with { RequestTimeout = TimeSpan.FromMilliseconds(500), ConnectTimeout = TimeSpan.FromMilliseconds(400) });
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<EtcdException>(() => client.GetAsync("/k"));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Contains(ex.Code, new[] { EtcdStatusCode.DeadlineExceeded, EtcdStatusCode.Unavailable });
    }
}
