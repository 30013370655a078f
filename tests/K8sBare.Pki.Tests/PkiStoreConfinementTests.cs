using K8sBare.Pki.Catalog;
using K8sBare.Pki.Certificates;
using K8sBare.Pki.Generation;
using K8sBare.Pki.Keys;
using K8sBare.Pki.Kubeconfig;
using K8sBare.Testing;

namespace K8sBare.Pki.Tests;

/// <summary>
/// Every path the PKI builds from a name stays under its root: store entry names (every path, load and save method)
/// and node names in layout paths. Hostile names are refused before anything is read or written, and nothing
/// appears outside the store.
/// </summary>
public sealed class PkiStoreConfinementTests : IDisposable
{
    private readonly TempDirectory _dir = new("k8sbare-pki-confine");

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> HostileNames() =>
    [
        "../x", "../../etc/x", "a/../../x", "etcd/../../x", "/etc/x", "..", ".", "a//b", "a/./b", "a/", "", "a\\..\\x", "a\0b", "line\nbreak",
    ];

    private string Store => _dir.Combine("store");

    private string Outside => _dir.Path;

    [Theory]
    [MemberData(nameof(HostileNames))]
    public async Task A_hostile_entry_name_is_refused_by_every_method_and_nothing_is_written(string name)
    {
        var store = new PkiStore(Store);
        var ca = CertificateAuthority.Create(new CertificateAuthoritySpec { CommonName = "t", KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
        var leaf = ca.Issue(new CertificateSpec { CommonName = "l", Usage = CertificateUsage.Client, KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
        var before = Directory.GetFileSystemEntries(Outside, "*", SearchOption.AllDirectories).Order().ToList();

        var calls = new Func<Task>[]
        {
            () => Task.FromResult(store.CertificatePath(name)),
            () => Task.FromResult(store.KeyPath(name)),
            () => Task.FromResult(store.PublicKeyPath(name)),
            () => Task.FromResult(store.KubeconfigPath(name)),
            () => store.TryLoadAuthorityAsync(name),
            () => store.TryLoadCertificateAsync(name),
            () => store.TryLoadKeyAsync(name),
            () => store.SaveAuthorityAsync(name, ca),
            () => store.SaveCertificateAsync(name, leaf),
            () => store.SaveKeyPairAsync(name, KeyPair.Generate(KeyAlgorithm.EcdsaP256)),
            () => store.SaveKubeconfigAsync(name, new KubeconfigFile()),
        };
        foreach (var call in calls)
        {
            var ex = await Assert.ThrowsAsync<ArgumentException>(call);
            Assert.Equal("name", ex.ParamName);
            Assert.Contains("refused", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, Directory.GetFileSystemEntries(Outside, "*", SearchOption.AllDirectories).Order().ToList());
    }

    [Fact]
    public async Task Catalogue_names_with_subfolders_still_work()
    {
        var store = new PkiStore(Store);
        var ca = CertificateAuthority.Create(new CertificateAuthoritySpec { CommonName = "etcd-ca", KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
        await store.SaveAuthorityAsync("etcd/ca", ca);
        Assert.Equal(Path.Combine(store.Root, "etcd", "ca.crt"), store.CertificatePath("etcd/ca"));
        Assert.Equal(Path.Combine(store.Root, "kubeconfig", "kubelet-node-1.kubeconfig"), store.KubeconfigPath("kubelet/node-1"));
        Assert.NotNull(await store.TryLoadAuthorityAsync("etcd/ca"));
        Assert.Equal(Path.Combine(store.Root, "kubelet", "a..b.crt"), store.CertificatePath("kubelet/a..b"));
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("")]
    [InlineData("a\0b")]
    public void A_node_name_that_would_move_a_host_path_is_refused(string node)
    {
        var ex = Assert.Throws<PkiException>(() => PkiLayout.ForNode("/var/lib/kubernetes/{node}/kubelet.pem", node));
        Assert.Contains("node name", ex.Message, StringComparison.Ordinal);
        // A template without {node} does not use the name.
        Assert.Equal("/etc/etcd/ca.pem", PkiLayout.ForNode("/etc/etcd/ca.pem", node));
        // The topology reports it up front, so the catalogue is never built from it.
        var topology = Topologies.TwentyDollar with { WorkerNodes = [new TopologyNode(node, "10.0.0.11")] };
        Assert.Contains(topology.Validate(), p => p.Contains("WorkerNodes has a node named", StringComparison.Ordinal));
        Assert.ThrowsAny<PkiException>(() => CertificateCatalog.For(topology, new CertificateCatalogOptions()));
    }
}
