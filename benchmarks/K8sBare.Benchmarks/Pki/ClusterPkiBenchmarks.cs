using BenchmarkDotNet.Attributes;
using K8sBare.Pki.Catalog;
using K8sBare.Pki.Generation;
using K8sBare.Pki.Keys;

namespace K8sBare.Benchmarks.Pki;

/// <summary>
/// (a)/(b): the $20 cluster's whole PKI in memory — 3 CAs, 15 leaves, the service-account key pair — with all keys generated
/// on all cores.
/// </summary>
[MemoryDiagnoser]
public class ClusterPkiBenchmarks
{
    private CertificateCatalog _catalog = null!;

    /// <summary>Key type for every key of the PKI.</summary>
    [Params(KeyAlgorithm.Rsa2048, KeyAlgorithm.EcdsaP256)]
    public KeyAlgorithm Algorithm { get; set; }

    [GlobalSetup]
    public void Setup() => _catalog = CertificateCatalog.For(PkiTopologies.TwentyDollar, new CertificateCatalogOptions { KeyAlgorithm = Algorithm });

    [Benchmark(Description = "$20 cluster PKI (3 CAs + 15 leaves + sa)")]
    public int TwentyDollarClusterPki()
    {
        using var pki = ClusterPkiGenerator.Generate(_catalog);
        return pki.Certificates.Count;
    }
}
