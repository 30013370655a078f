using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace K8sBare.Etcd.Tests.Support;

/// <summary>
/// A throw-away etcd PKI made with System.Security.Cryptography (test-only): a CA, one server+peer
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
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caReq = new CertificateRequest($"CN={caName}", caKey, HashAlgorithmName.SHA256);
        caReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caReq.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caReq.PublicKey, false));
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var ca = caReq.CreateSelfSigned(now, now.AddDays(2));

        var (serverPem, serverKey) = Issue(ca, caKey, "etcd-server", server: true);
        var (clientPem, clientKey) = Issue(ca, caKey, "etcd-client", server: false);
        return new TestPki(ca.ExportCertificatePem(), caKey.ExportPkcs8PrivateKeyPem(), serverPem, serverKey, clientPem, clientKey);
    }

    private static (string Cert, string Key) Issue(X509Certificate2 ca, ECDsa caKey, string cn, bool server)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest($"CN={cn}", key, HashAlgorithmName.SHA256);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        var eku = new OidCollection { new Oid("1.3.6.1.5.5.7.3.2") };
        if (server) eku.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(eku, false));
        req.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        if (server)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            san.AddDnsName("localhost");
            req.CertificateExtensions.Add(san.Build());
        }
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var cert = req.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now, now.AddDays(1), serial);
        return (cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

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

    /// <summary>Client options with this PKI's CA and client certificate.</summary>
    public EtcdClientOptions ClientOptions(IEnumerable<Uri> endpoints) => EtcdClientOptions.FromPem(endpoints, CaPem, ClientPem, ClientKeyPem);
}
