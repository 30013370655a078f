using System.Collections.Concurrent;
using K8sBare.Pki.Catalog;
using K8sBare.Pki.Certificates;
using K8sBare.Pki.Generation;
using K8sBare.Pki.Keys;
using K8sBare.Pki.Kubeconfig;
using K8sBare.Pki.Pem;

namespace K8sBare.Pki.Tests;

/// <summary>
/// The per-host index of <see cref="CertificateCatalog"/> and the render caches of <see cref="GeneratedPki"/> give exactly
/// what the uncached path gives (a full placement scan, every PEM and kubeconfig rendered from scratch, kubeconfigs through
/// the YamlDotNet emitter), and stay consistent when many threads render at once.
/// </summary>
public class RenderCacheTests
{
    /// <summary>3 masters (control plane + etcd, kubelets on them too) and <paramref name="workers"/> workers.</summary>
    private static ClusterTopology Cluster(int workers)
    {
        var masters = Enumerable.Range(1, 3).Select(i => new TopologyNode($"master-{i}", $"10.0.0.{10 + i}")).ToList();
        return new ClusterTopology
        {
            ClusterName = "cache-test",
            ApiEndpoints = ["10.0.0.10", "k8s.example.com"],
            ControlPlaneNodes = masters,
            EtcdNodes = masters,
            WorkerNodes = Enumerable.Range(1, workers).Select(i => new TopologyNode($"node-{i}", $"10.1.0.{i}")).ToList(),
        };
    }

    public static TheoryData<PrivateKeyFormat, FlannelDatastore, bool> Variants => new()
    {
        { PrivateKeyFormat.Pkcs8, FlannelDatastore.Etcd, false },
        { PrivateKeyFormat.Pkcs1, FlannelDatastore.KubernetesApi, true },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Indexed_placements_hosts_and_names_equal_the_full_scan(PrivateKeyFormat format, FlannelDatastore flannel, bool kubeletOnControlPlane)
    {
        var catalog = CertificateCatalog.For(Cluster(20), new CertificateCatalogOptions
        {
            KeyAlgorithm = KeyAlgorithm.EcdsaP256, PrivateKeyFormat = format, FlannelDatastore = flannel, KubeletOnControlPlane = kubeletOnControlPlane,
        });
        var scannedHosts = catalog.Entries.SelectMany(e => e.Placements).Select(p => p.Host).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(23, scannedHosts.Count);
        Assert.Equal(scannedHosts, catalog.Hosts);
        foreach (var host in scannedHosts.Append("no-such-host"))
        {
            var indexed = catalog.PlacementsFor(host);
            var scanned = catalog.PlacementsForByScan(host);
            Assert.Equal(scanned.Count, indexed.Count);
            for (var i = 0; i < scanned.Count; i++)
            {
                Assert.Same(scanned[i].Entry, indexed[i].Entry);
                Assert.Same(scanned[i].Placement, indexed[i].Placement);
            }
        }
        foreach (var e in catalog.Entries) Assert.Same(e, catalog[e.Name]);
        Assert.Throws<PkiException>(() => catalog["kubelet/node-999"]);
    }

    [Fact]
    public void A_with_copy_that_changes_the_entries_gets_its_own_index()
    {
        var catalog = CertificateCatalog.For(Cluster(3), new CertificateCatalogOptions { KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
        Assert.Contains("node-3", catalog.Hosts);
        Assert.NotEmpty(catalog.PlacementsFor("node-3"));

        var fewer = catalog with { Entries = catalog.Entries.Where(e => e.Node != "node-3").Select(e => e with { Placements = e.Placements.Where(p => p.Host != "node-3").ToList() }).ToList() };
        Assert.DoesNotContain("node-3", fewer.Hosts);
        Assert.Empty(fewer.PlacementsFor("node-3"));
        Assert.Throws<PkiException>(() => fewer["kubelet/node-3"]);
        // The original is untouched, and record equality still ignores the (external) index.
        Assert.Contains("node-3", catalog.Hosts);
        Assert.Equal(catalog, catalog with { });
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Cached_files_are_byte_identical_to_an_uncached_render(PrivateKeyFormat format, FlannelDatastore flannel, bool kubeletOnControlPlane)
    {
        var catalog = CertificateCatalog.For(Cluster(6), new CertificateCatalogOptions
        {
            KeyAlgorithm = KeyAlgorithm.EcdsaP256, PrivateKeyFormat = format, FlannelDatastore = flannel, KubeletOnControlPlane = kubeletOnControlPlane,
        });
        using var pki = ClusterPkiGenerator.Generate(catalog);
        var kubeconfigs = 0;
        foreach (var host in catalog.Hosts)
        {
            // Render twice: the second call is served from the caches.
            var first = pki.FilesFor(host);
            var second = pki.FilesFor(host);
            var expected = UncachedFiles(pki, host);
            Assert.Equal(expected.Count, first.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i], first[i]);
                Assert.Equal(expected[i], second[i]);
                Assert.Same(first[i].Content, second[i].Content);
                if (expected[i].Path.EndsWith(".kubeconfig", StringComparison.Ordinal)) kubeconfigs++;
            }
        }
        Assert.True(kubeconfigs >= 9 * 2, $"only {kubeconfigs} kubeconfigs compared");

        // The kubeconfig cache is keyed by server too: another URL gives another file, the default URL the catalogue's.
        var other = pki.Kubeconfig("admin", "https://10.9.9.9:6443");
        Assert.Equal("https://10.9.9.9:6443", Assert.Single(other.Clusters).Cluster.Server);
        Assert.Equal(catalog.Topology.ApiServerUrl, Assert.Single(pki.Kubeconfig("admin").Clusters).Cluster.Server);
        Assert.Same(other, pki.Kubeconfig("admin", "https://10.9.9.9:6443"));
        var caPem = new PemBlock("CERTIFICATE", pki.Authority(CertificateAuthorityId.Cluster).Certificate.RawData).ToPem();
        Assert.Equal(KubeconfigYaml.WriteWithEmitter(KubeconfigBuilder.ForClient(catalog.Topology.ClusterName, "https://10.9.9.9:6443", caPem,
            pki.Certificate("admin"), format)), other.ToYaml());
    }

    [Fact]
    public void Parallel_renders_agree_with_the_uncached_render_and_share_one_copy_of_each_shared_file()
    {
        var catalog = CertificateCatalog.For(Cluster(40), new CertificateCatalogOptions { KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
        using var pki = ClusterPkiGenerator.Generate(catalog);
        var hosts = catalog.Hosts;
        // Every host four times, interleaved, on as many threads as the pool gives; all caches start cold.
        var results = new ConcurrentBag<(string Host, IReadOnlyList<PkiFile> Files)>();
        var kubeconfigObjects = new ConcurrentBag<KubeconfigFile>();
        Parallel.For(0, hosts.Count * 4, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(4, Environment.ProcessorCount * 2) }, i =>
        {
            var host = hosts[i % hosts.Count];
            results.Add((host, pki.FilesFor(host)));
            kubeconfigObjects.Add(pki.Kubeconfig("kube-proxy"));
        });
        Assert.Equal(hosts.Count * 4, results.Count);
        Assert.Single(kubeconfigObjects.Distinct(ReferenceEqualityComparer.Instance));

        var expected = hosts.ToDictionary(h => h, h => UncachedFiles(pki, h));
        foreach (var (host, files) in results) Assert.Equal(expected[host], files);

        // Shared files are rendered once: every worker holds the very same string instance.
        var caPems = results.SelectMany(r => r.Files).Where(f => f.EntryName == "ca" && !f.IsSecret).Select(f => f.Content).ToList();
        var proxyKubeconfigs = results.SelectMany(r => r.Files).Where(f => f.EntryName == "kube-proxy").Select(f => f.Content).ToList();
        Assert.Equal(hosts.Count * 4, caPems.Count);
        Assert.Equal(40 * 4, proxyKubeconfigs.Count); // kube-proxy runs on the 40 workers
        Assert.Single(caPems.Distinct(ReferenceEqualityComparer.Instance));
        Assert.Single(proxyKubeconfigs.Distinct(ReferenceEqualityComparer.Instance));
    }

    [Fact]
    public void Cached_certificate_pems_are_thread_safe_and_equal_a_fresh_encoding()
    {
        using var ca = CertificateAuthority.Create(new CertificateAuthoritySpec { CommonName = "kubernetes", KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
        using var leaf = ca.Issue(new CertificateSpec { CommonName = "system:kube-proxy", Usage = CertificateUsage.Client });
        var leafPems = new ConcurrentBag<string>();
        var caPems = new ConcurrentBag<string>();
        Parallel.For(0, 256, _ =>
        {
            leafPems.Add(leaf.CertificatePem);
            caPems.Add(ca.CertificatePem);
        });
        Assert.Single(leafPems.Distinct(ReferenceEqualityComparer.Instance));
        Assert.Single(caPems.Distinct(ReferenceEqualityComparer.Instance));
        Assert.Equal(new PemBlock("CERTIFICATE", leaf.RawData.ToArray()).ToPem(), leafPems.First());
        Assert.Equal(new PemBlock("CERTIFICATE", ca.Certificate.RawData).ToPem(), caPems.First());
    }

    /// <summary>
    /// The files of one host rendered the slow way, independently of the caches: a scan of every placement, each PEM
    /// encoded from the DER/key, and each kubeconfig built anew and written through the YamlDotNet emitter (which the
    /// kubectl tests check against <c>kubectl config view --raw</c>).
    /// </summary>
    private static List<PkiFile> UncachedFiles(GeneratedPki pki, string host)
    {
        var catalog = pki.Catalog;
        var format = catalog.Options.PrivateKeyFormat;
        var caPem = new PemBlock("CERTIFICATE", pki.Authority(CertificateAuthorityId.Cluster).Certificate.RawData).ToPem();
        var files = new List<PkiFile>();
        foreach (var (entry, p) in catalog.PlacementsForByScan(host))
        {
            var content = (entry.Kind, p.Kind) switch
            {
                (CatalogEntryKind.CertificateAuthority, PlacedFileKind.Certificate) =>
                    new PemBlock("CERTIFICATE", pki.Authority(entry.Authority!.Value).Certificate.RawData).ToPem(),
                (CatalogEntryKind.CertificateAuthority, PlacedFileKind.PrivateKey) => pki.Authority(entry.Authority!.Value).Key.ToPem(format),
                (CatalogEntryKind.Certificate, PlacedFileKind.Certificate) => new PemBlock("CERTIFICATE", pki.Certificate(entry.Name).RawData.ToArray()).ToPem(),
                (CatalogEntryKind.Certificate, PlacedFileKind.PrivateKey) => pki.Certificate(entry.Name).Key!.ToPem(format),
                (CatalogEntryKind.Certificate, PlacedFileKind.Kubeconfig) => KubeconfigYaml.WriteWithEmitter(KubeconfigBuilder.ForClient(
                    catalog.Topology.ClusterName, p.KubeconfigServer ?? catalog.Topology.ApiServerUrl, caPem, pki.Certificate(entry.Name), format)),
                (CatalogEntryKind.KeyPair, PlacedFileKind.PrivateKey) => pki.KeyPairs[entry.Name].ToPem(format),
                (CatalogEntryKind.KeyPair, PlacedFileKind.PublicKey) => pki.KeyPairs[entry.Name].PublicKeyPem(),
                _ => throw new InvalidOperationException($"{entry.Name} {p.Kind}"),
            };
            files.Add(new PkiFile
            {
                Path = p.Path, Mode = p.Mode, Owner = p.Owner, Content = content, EntryName = entry.Name,
                IsSecret = p.Kind is PlacedFileKind.PrivateKey or PlacedFileKind.Kubeconfig,
            });
        }
        return files;
    }
}
