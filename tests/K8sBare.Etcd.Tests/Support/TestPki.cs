using K8sBare.Pki.Certificates;
using K8sBare.Pki.Keys;

namespace K8sBare.Etcd.Tests.Support;

/// <summary>
/// A throw-away etcd PKI issued through K8sBare.Pki (test-only, ECDSA P-256): a CA, one server+peer
/// certificate for 127.0.0.1/localhost (serverAuth+clientAuth, as etcd peers need both) and a client certificate.
/// </summary>
internal sealed class TestPki
{
    private TestPki(string caPem, string caKeyPem, string serverPem, string serverKeyPem, string clientPem, string clientKeyPem)
    {
        CaPem = caPem; CaKeyPem = caKeyPem; ServerPem = serverPem; ServerKeyPem = serverKeyPem; ClientPem = clientPem; ClientKeyPem = clientKeyPem;
    }

    public string CaPem { get; }
    public string CaKeyPem { get; }
    public string ServerPem { get; }
    public string ServerKeyPem { get; }
    public string ClientPem { get; }
    public string ClientKeyPem { get; }

    public static TestPki Create(string caName = "k8sbare-test-etcd-ca")
    {
        using var ca = CertificateAuthority.Create(new CertificateAuthoritySpec
        {
            CommonName = caName, KeyAlgorithm = KeyAlgorithm.EcdsaP256, Validity = TimeSpan.FromDays(2),
        });
        using var server = ca.Issue(Leaf("etcd-server") with
        {
            Usage = CertificateUsage.ServerAndClient, DnsNames = ["localhost"], IpAddresses = ["127.0.0.1"],
        });
        using var client = ca.Issue(Leaf("etcd-client"));
        return new TestPki(ca.CertificatePem, ca.Key.ToPem(PrivateKeyFormat.Pkcs8), server.CertificatePem, server.KeyPem(),
            client.CertificatePem, client.KeyPem());
    }

    private static CertificateSpec Leaf(string cn) => new()
    {
        CommonName = cn, Usage = CertificateUsage.Client, KeyAlgorithm = KeyAlgorithm.EcdsaP256, Validity = TimeSpan.FromDays(1),
    };

    /// <summary>Writes ca.crt, server.crt/key, client.crt/key (keys 0600) into a directory.</summary>
    public TestPkiFiles WriteTo(string dir)
    {
        Directory.CreateDirectory(dir);
        string W(string name, string text, bool secret = false)
        {
            var p = Path.Combine(dir, name);
            File.WriteAllText(p, text);
            if (secret) File.SetUnixFileMode(p, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return p;
        }
        return new TestPkiFiles(W("ca.crt", CaPem), W("server.crt", ServerPem), W("server.key", ServerKeyPem, true),
            W("client.crt", ClientPem), W("client.key", ClientKeyPem, true));
    }

    /// <summary>A client certificate with this CA for another identity (etcd maps its CN to a user under auth).</summary>
    public (string CertPem, string KeyPem) IssueClient(string commonName)
    {
        using var ca = CertificateAuthority.FromPem(CaPem, CaKeyPem);
        using var c = ca.Issue(Leaf(commonName));
        return (c.CertificatePem, c.KeyPem());
    }

    /// <summary>Client options with this CA and a certificate for <paramref name="commonName"/>.</summary>
    public EtcdClientOptions ClientOptionsAs(string commonName, IEnumerable<Uri> endpoints)
    {
        var (cert, key) = IssueClient(commonName);
        return EtcdClientOptions.FromPem(endpoints, CaPem, cert, key);
    }

    /// <summary>Client options with this PKI's CA and client certificate.</summary>
    public EtcdClientOptions ClientOptions(IEnumerable<Uri> endpoints) => EtcdClientOptions.FromPem(endpoints, CaPem, ClientPem, ClientKeyPem);
}
