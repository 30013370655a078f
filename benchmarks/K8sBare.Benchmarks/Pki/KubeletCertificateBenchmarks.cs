using BenchmarkDotNet.Attributes;
using K8sBare.Pki.Certificates;
using K8sBare.Pki.Generation;
using K8sBare.Pki.Keys;

namespace K8sBare.Benchmarks.Pki;

/// <summary>(c): 1000 kubelet certificates (ECDSA P-256 keys, signed by a P-256 cluster CA) on all cores.</summary>
[MemoryDiagnoser]
public class KubeletCertificateBenchmarks
{
    private CertificateAuthority _ca = null!;
    private List<CertificateSpec> _specs = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ca = CertificateAuthority.Create(new CertificateAuthoritySpec { CommonName = "kubernetes", KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
        _specs = Enumerable.Range(1, 1000).Select(i => new CertificateSpec
        {
            CommonName = $"system:node:node-{i}",
            Organizations = ["system:nodes"],
            DnsNames = [$"node-{i}"],
            IpAddresses = [$"10.{i / 250}.{i % 250}.10"],
            Usage = CertificateUsage.ServerAndClient,
            KeyAlgorithm = KeyAlgorithm.EcdsaP256,
        }).ToList();
    }

    [GlobalCleanup]
    public void Cleanup() => _ca.Dispose();

    [Benchmark(Description = "1000 ECDSA kubelet certificates")]
    public int ThousandKubeletCertificates()
    {
        var issued = ClusterPkiGenerator.IssueMany(_ca, _specs);
        foreach (var c in issued) c.Dispose();
        return issued.Count;
    }
}
