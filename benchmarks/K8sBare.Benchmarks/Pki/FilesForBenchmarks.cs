using BenchmarkDotNet.Attributes;
using K8sBare.Pki.Catalog;
using K8sBare.Pki.Generation;
using K8sBare.Pki.Keys;

namespace K8sBare.Benchmarks.Pki;

/// <summary>
/// (d): <see cref="GeneratedPki.FilesFor"/> for every host of a 1000-node ECDSA catalogue (3 control-plane/etcd nodes,
/// 997 workers), first on a freshly generated PKI (cold caches; generation in
/// <see cref="FreshPki"/>, not measured) and then again on the same PKI. Generation is never measured.
/// </summary>
[MemoryDiagnoser]
public class FilesForBenchmarks
{
    private GeneratedPki _pki = null!;
    private IReadOnlyList<string> _hosts = null!;
    private GeneratedPki? _fresh;

    [GlobalSetup]
    public void Setup()
    {
        var catalog = CertificateCatalog.For(PkiTopologies.Nodes(1000), new CertificateCatalogOptions { KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
        _pki = ClusterPkiGenerator.Generate(catalog);
        _hosts = catalog.Hosts;
    }

    [GlobalCleanup]
    public void Cleanup() => _pki.Dispose();

    /// <summary>A new catalogue and PKI before each iteration of <see cref="FirstRenderAllHosts"/> (not measured).</summary>
    [IterationSetup(Target = nameof(FirstRenderAllHosts))]
    public void FreshPki()
    {
        _fresh?.Dispose();
        var catalog = CertificateCatalog.For(PkiTopologies.Nodes(1000), new CertificateCatalogOptions { KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
        _fresh = ClusterPkiGenerator.Generate(catalog);
    }

    [IterationCleanup(Target = nameof(FirstRenderAllHosts))]
    public void DisposeFreshPki()
    {
        _fresh?.Dispose();
        _fresh = null;
    }

    /// <summary>The first render of a freshly generated PKI: what a cluster render pays once (caches cold).</summary>
    [Benchmark(Description = "FilesFor on a 1000-node catalogue, first render (all hosts)")]
    public int FirstRenderAllHosts()
    {
        var n = 0;
        foreach (var host in _fresh!.Catalog.Hosts) n += _fresh.FilesFor(host).Count;
        return n;
    }

    /// <summary>Rendering again from the same PKI (steady state: a second render, or re-planning).</summary>
    [Benchmark(Description = "FilesFor on a 1000-node catalogue, repeat render (all hosts)")]
    public int FilesForAllHosts()
    {
        var n = 0;
        foreach (var host in _hosts) n += _pki.FilesFor(host).Count;
        return n;
    }
}
