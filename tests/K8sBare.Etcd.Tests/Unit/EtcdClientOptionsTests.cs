namespace K8sBare.Etcd.Tests.Unit;

public sealed class EtcdClientOptionsTests
{
    [Fact]
    public void Pem_options_need_a_ca_and_both_halves_of_the_client_pair()
    {
        var pki = Support.TestPki.Create();
        Uri[] eps = [new("https://127.0.0.1:2379")];
        var o = EtcdClientOptions.FromPem(eps, pki.CaPem, pki.ClientPem, pki.ClientKeyPem);
        Assert.True(o.ClientCertificate!.HasPrivateKey);
        Assert.Single(o.TrustedCa!);
        Assert.Throws<ArgumentException>(() => EtcdClientOptions.FromPem(eps, "not a pem", null, null));
        Assert.Throws<ArgumentException>(() => EtcdClientOptions.FromPem(eps, pki.CaPem, pki.ClientPem, null));
        var missing = Assert.Throws<FileNotFoundException>(() => EtcdClientOptions.FromPemFiles(eps, "/nonexistent/ca.crt", null, null));
        Assert.Contains("/nonexistent/ca.crt", missing.Message);
    }

    [Fact]
    public void Https_without_a_ca_and_empty_endpoints_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new EtcdClient(new EtcdClientOptions { Endpoints = [new Uri("https://127.0.0.1:2379")] }));
        Assert.Throws<ArgumentException>(() => new EtcdClient(new EtcdClientOptions { Endpoints = [] }));
        Assert.Throws<ArgumentException>(() => new EtcdClient(new EtcdClientOptions { Endpoints = [new Uri("ftp://127.0.0.1")] }));
    }

    [Fact]
    public void Server_certificates_are_checked_against_the_given_ca_only()
    {
        var a = Support.TestPki.Create("ca-a");
        var b = Support.TestPki.Create("ca-b");
        var caA = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        caA.ImportFromPem(a.CaPem);
        using var serverA = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(a.ServerPem);
        using var serverB = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(b.ServerPem);
        Assert.Null(EtcdTls.Check(caA, serverA, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.Contains("does not chain to the given etcd CA", EtcdTls.Check(caA, serverB, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.Contains("does not name the endpoint's host", EtcdTls.Check(caA, serverA, System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.Contains("no etcd CA", EtcdTls.Check(null, serverA, System.Net.Security.SslPolicyErrors.None));
    }
}
