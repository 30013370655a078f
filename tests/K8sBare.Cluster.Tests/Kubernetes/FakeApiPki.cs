using K8sBare.Pki.Certificates;
using K8sBare.Pki.Keys;

namespace K8sBare.Cluster.Tests.Kubernetes;

/// <summary>A throw-away cluster CA (issued through K8sBare.Pki, ECDSA P-256), an API server certificate for 127.0.0.1 and an admin client certificate.</summary>
internal sealed class FakeApiPki
{
    public required string CaPem { get; init; }
    public required string ServerPem { get; init; }
    public required string ServerKeyPem { get; init; }
    public required string ClientPem { get; init; }
    public required string ClientKeyPem { get; init; }

    public static FakeApiPki Create(string caName = "kubernetes-test-ca")
    {
        var validity = TimeSpan.FromDays(1);
        using var ca = CertificateAuthority.Create(new CertificateAuthoritySpec
        {
            CommonName = caName, KeyAlgorithm = KeyAlgorithm.EcdsaP256, Validity = validity,
        });
        using var server = ca.Issue(new CertificateSpec
        {
            CommonName = "kube-apiserver", Usage = CertificateUsage.Server, IpAddresses = ["127.0.0.1"],
            KeyAlgorithm = KeyAlgorithm.EcdsaP256, Validity = validity,
        });
        using var client = ca.Issue(new CertificateSpec
        {
            CommonName = "admin", Organizations = ["system:masters"], Usage = CertificateUsage.Client,
            KeyAlgorithm = KeyAlgorithm.EcdsaP256, Validity = validity,
        });
        return new FakeApiPki
        {
            CaPem = ca.CertificatePem, ServerPem = server.CertificatePem, ServerKeyPem = server.KeyPem(),
            ClientPem = client.CertificatePem, ClientKeyPem = client.KeyPem(),
        };
    }
}
