using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace K8sBare.Cluster.Tests.Kubernetes;

/// <summary>A throw-away cluster CA, an API server certificate for 127.0.0.1 and an admin client certificate.</summary>
internal sealed class FakeApiPki
{
    public required string CaPem { get; init; }
    public required string ServerPem { get; init; }
    public required string ServerKeyPem { get; init; }
    public required string ClientPem { get; init; }
    public required string ClientKeyPem { get; init; }

    public static FakeApiPki Create(string caName = "kubernetes-test-ca")
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caReq = new CertificateRequest($"CN={caName}", caKey, HashAlgorithmName.SHA256);
        caReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var ca = caReq.CreateSelfSigned(now, now.AddDays(1));
        (string, string) Issue(string subject, bool server)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var req = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
            req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
                new OidCollection { new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2") }, false));
            if (server)
            {
                var san = new SubjectAlternativeNameBuilder();
                san.AddIpAddress(IPAddress.Loopback);
                req.CertificateExtensions.Add(san.Build());
            }
            using var cert = req.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now, now.AddDays(1), RandomNumberGenerator.GetBytes(8));
            return (cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
        }
        var (s, sk) = Issue("CN=kube-apiserver", true);
        var (c, ck) = Issue("CN=admin, O=system:masters", false);
        return new FakeApiPki { CaPem = ca.ExportCertificatePem(), ServerPem = s, ServerKeyPem = sk, ClientPem = c, ClientKeyPem = ck };
    }
}
