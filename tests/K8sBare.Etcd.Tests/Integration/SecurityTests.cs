using System.Security.Cryptography.X509Certificates;
using K8sBare.Etcd.Tests.Support;
using K8sBare.Testing;

namespace K8sBare.Etcd.Tests.Integration;

/// <summary>mTLS: the server is checked against the given CA only, and etcd refuses clients without a certificate.</summary>
public sealed class SecurityTests(SingleMemberFixture fx) : IClassFixture<SingleMemberFixture>
{
    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task A_client_without_a_certificate_is_refused_by_etcd(string version)
    {
        var (cluster, _) = await fx.For(version);
        var ca = new X509Certificate2Collection();
        ca.ImportFromPem(cluster.Pki.CaPem);
        using var client = new EtcdClient(new EtcdClientOptions { Endpoints = cluster.ClientUrls, TrustedCa = ca });
        var ex = await Assert.ThrowsAsync<EtcdException>(() => client.GetAsync("/anything"));
        Assert.Equal(EtcdStatusCode.Unavailable, ex.Code);
        Assert.Contains(cluster.ClientUrls[0].Authority, ex.Message);
        // etcd (Go's TLS 1.3 server) closes the connection right after the handshake when no client certificate came.
        Assert.Contains("TLS: etcd closed the connection right after the handshake: it requires a client certificate (--client-cert-auth) and none was given", ex.Message);
        Assert.DoesNotContain("does not chain", ex.Message); // not our own check of the server
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task A_server_certificate_from_another_CA_is_rejected(string version)
    {
        var (cluster, _) = await fx.For(version);
        var other = TestPki.Create("some-other-ca");
        // Our client certificate, but trusting only another CA: the server's certificate must be refused.
        using var client = new EtcdClient(EtcdClientOptions.FromPem(cluster.ClientUrls, other.CaPem, cluster.Pki.ClientPem, cluster.Pki.ClientKeyPem));
        var ex = await Assert.ThrowsAsync<EtcdException>(() => client.GetAsync("/anything"));
        Assert.Equal(EtcdStatusCode.Unavailable, ex.Code);
        Assert.Contains("TLS: the server certificate (CN=etcd-server, issued by CN=k8sbare-test-etcd-ca) does not chain to the given etcd CA", ex.Message);
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task A_server_certificate_for_another_host_is_rejected(string version)
    {
        var (cluster, _) = await fx.For(version);
        // The server certificate names 127.0.0.1 and localhost; reached as 127.0.0.2 (a relay to it) it must be refused.
        using var relay = new CuttingProxy(cluster.Members[0].ClientPort, "127.0.0.2");
        using var client = new EtcdClient(cluster.Pki.ClientOptions([relay.Url]));
        var ex = await Assert.ThrowsAsync<EtcdException>(() => client.GetAsync("/anything"));
        Assert.Equal(EtcdStatusCode.Unavailable, ex.Code);
        Assert.Contains("does not name the endpoint's host", ex.Message);
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task Options_load_from_pem_files(string version)
    {
        var (cluster, _) = await fx.For(version);
        var f = cluster.Files;
        using var client = new EtcdClient(EtcdClientOptions.FromPemFiles(cluster.ClientUrls, f.Ca, f.ClientCert, f.ClientKey));
        await client.PutAsync("/files/k", "v");
        Assert.Equal("v", (await client.GetAsync("/files/k"))!.Value);
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task A_read_with_no_answer_ends_at_the_request_deadline(string version)
    {
        var (cluster, _) = await fx.For(version);
        // A listener that accepts TCP but never answers TLS: the read must end with DeadlineExceeded, not hang.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var url = new Uri($"https://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}");
        using var client = new EtcdClient(cluster.Pki.ClientOptions([url]) with
        {
            RequestTimeout = TimeSpan.FromMilliseconds(500), ConnectTimeout = TimeSpan.FromMinutes(5),
        });
        var ex = await Assert.ThrowsAsync<EtcdException>(() => client.GetAsync("/k"));
        Assert.Equal(EtcdStatusCode.DeadlineExceeded, ex.Code);
        Assert.Contains("no answer within 0.5 s", ex.Message);
    }
}
