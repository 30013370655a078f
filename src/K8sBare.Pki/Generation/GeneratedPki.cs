using System.Collections.Concurrent;
using K8sBare.Pki.Catalog;
using K8sBare.Pki.Certificates;
using K8sBare.Pki.Keys;
using K8sBare.Pki.Kubeconfig;

namespace K8sBare.Pki.Generation;

/// <summary>
/// The generated (or loaded) PKI of a cluster: the three CAs, every leaf with its key, the service-account key,
/// and what generation did per entry. Renders each host's files with <see cref="FilesFor"/>. Dispose when done.
/// </summary>
/// <remarks>
/// Rendered texts (PEMs, kubeconfig YAML, kubeconfig objects) are computed once per PKI and cached, so rendering the
/// files of many hosts costs each shared file (the CA, the kube-proxy kubeconfig, …) once. The caches are thread-safe
/// (several threads may call <see cref="FilesFor"/> at once) and are dropped by <see cref="Dispose"/>.
/// </remarks>
public sealed class GeneratedPki : IDisposable
{
    internal GeneratedPki(CertificateCatalog catalog, IReadOnlyDictionary<CertificateAuthorityId, CertificateAuthority> authorities,
        IReadOnlyDictionary<string, IssuedCertificate> certificates, IReadOnlyDictionary<string, KeyPair> keyPairs,
        IReadOnlyDictionary<string, GenerationOutcome> outcomes)
    {
        Catalog = catalog;
        Authorities = authorities;
        Certificates = certificates;
        KeyPairs = keyPairs;
        Outcomes = outcomes;
    }

    /// <summary>The catalogue this PKI implements.</summary>
    public CertificateCatalog Catalog { get; }

    /// <summary>The CAs by id.</summary>
    public IReadOnlyDictionary<CertificateAuthorityId, CertificateAuthority> Authorities { get; }

    /// <summary>Leaf certificates with keys, by entry name.</summary>
    public IReadOnlyDictionary<string, IssuedCertificate> Certificates { get; }

    /// <summary>Bare key pairs (the service-account key <c>sa</c>), by entry name.</summary>
    public IReadOnlyDictionary<string, KeyPair> KeyPairs { get; }

    /// <summary>What happened to each entry (created, reused from the store, re-issued).</summary>
    public IReadOnlyDictionary<string, GenerationOutcome> Outcomes { get; }

    /// <summary>The service-account signing key.</summary>
    public KeyPair ServiceAccountKey => KeyPairs["sa"];

    /// <summary>One CA.</summary>
    /// <param name="id">Which of the three CAs (cluster, etcd, front-proxy).</param>
    /// <exception cref="KeyNotFoundException">The catalogue has no such CA (never for one built by <see cref="CertificateCatalog.For"/>).</exception>
    public CertificateAuthority Authority(CertificateAuthorityId id) => Authorities[id];

    /// <summary>One leaf certificate by entry name (e.g. <c>apiserver</c>, <c>kubelet/node-1</c>).</summary>
    /// <param name="name">A certificate entry's <see cref="CatalogEntry.Name"/> (case-sensitive); CA and key-pair entries are not here.</param>
    /// <exception cref="PkiException">No such certificate entry (the message lists the known names).</exception>
    public IssuedCertificate Certificate(string name) => Certificates.TryGetValue(name, out var c) ? c
        : throw new PkiException($"generated PKI has no certificate '{name}'. Known: {string.Join(", ", Certificates.Keys.Order(StringComparer.Ordinal))}.");

    /// <summary>
    /// The kubeconfig of a client entry (admin, kubelet/NODE, kube-proxy, controller-manager, scheduler, coredns, flannel),
    /// embedding the cluster CA, the certificate and the key. <paramref name="server"/> defaults to the topology's API URL.
    /// </summary>
    /// <param name="name">A catalogue entry name with <see cref="CatalogEntry.HasKubeconfig"/>, e.g. <c>admin</c> or <c>kubelet/node-1</c>.</param>
    /// <param name="server">The API server URL written into the kubeconfig (e.g. <c>https://127.0.0.1:6443</c>); null means <see cref="ClusterTopology.ApiServerUrl"/>.</param>
    /// <returns>A kubeconfig holding the client's private key (a secret: write it 0600); cached per name and server.</returns>
    /// <exception cref="PkiException">No such entry, or the entry is not a kubeconfig client identity.</exception>
    public KubeconfigFile Kubeconfig(string name, string? server = null)
    {
        var entry = Catalog[name];
        if (!entry.HasKubeconfig) throw new PkiException($"catalogue entry '{name}' is not a kubeconfig client identity.");
        return _kubeconfigs.GetOrAdd((name, server ?? Catalog.Topology.ApiServerUrl),
            static (key, state) => new Lazy<KubeconfigFile>(() => state.Pki.BuildKubeconfig(state.Entry, key.Server)), (Pki: this, Entry: entry)).Value;
    }

    /// <summary>
    /// Builds a kubeconfig from the cached PEMs. The user name is the entry's CN, which the certificate carries (issued from
    /// that spec, or reused from a store only when its CN matches), so no <c>X509Certificate2</c> has to be loaded for it.
    /// </summary>
    private KubeconfigFile BuildKubeconfig(CatalogEntry entry, string server)
    {
        var certificate = Certificate(entry.Name);
        var user = entry.Certificate?.CommonName
            ?? certificate.Certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false);
        return KubeconfigBuilder.ForClient(Catalog.Topology.ClusterName, server, Authority(CertificateAuthorityId.Cluster).CertificatePem,
            user, certificate.CertificatePem, Content(entry, PlacedFileKind.PrivateKey, null));
    }

    private readonly ConcurrentDictionary<(string Name, string Server), Lazy<KubeconfigFile>> _kubeconfigs = new();
    private readonly ConcurrentDictionary<(string Entry, PlacedFileKind Kind, string? Server), Lazy<string>> _contents = new();

    /// <summary>Every file one host receives, sorted by path (empty for an unknown host).</summary>
    /// <param name="host">A node name from the topology (case-sensitive).</param>
    /// <returns>Path, mode (0600 for keys and kubeconfigs, 0644 otherwise), owner and content of each file; see <see cref="PkiFile.IsSecret"/>.</returns>
    /// <exception cref="PkiException">An entry is placed as a file kind it cannot produce (only possible for a hand-built catalogue).</exception>
    public IReadOnlyList<PkiFile> FilesFor(string host)
    {
        var placements = Catalog.PlacementsFor(host);
        var files = new List<PkiFile>(placements.Count);
        foreach (var (entry, p) in placements)
        {
            if (!CanPlace(entry.Kind, p.Kind))
                throw new PkiException($"catalogue entry '{entry.Name}' cannot place a {p.Kind} file ({p.Path}).");
            files.Add(new PkiFile
            {
                Path = p.Path,
                Mode = p.Mode,
                Owner = p.Owner,
                Content = Content(entry, p.Kind, p.KubeconfigServer),
                IsSecret = p.Kind is PlacedFileKind.PrivateKey or PlacedFileKind.Kubeconfig,
                EntryName = entry.Name,
            });
        }
        return files;
    }

    private static bool CanPlace(CatalogEntryKind entry, PlacedFileKind file) => (entry, file) is
        (CatalogEntryKind.CertificateAuthority, PlacedFileKind.Certificate or PlacedFileKind.PrivateKey)
        or (CatalogEntryKind.Certificate, PlacedFileKind.Certificate or PlacedFileKind.PrivateKey or PlacedFileKind.Kubeconfig)
        or (CatalogEntryKind.KeyPair, PlacedFileKind.PrivateKey or PlacedFileKind.PublicKey);

    /// <summary>
    /// One file's content, rendered once per PKI. It depends only on the entry, the file kind and, for kubeconfigs, the
    /// server URL — never on the host or path — which is the cache key. <see cref="Lazy{T}"/> makes concurrent first
    /// calls render once and share the result.
    /// </summary>
    private string Content(CatalogEntry entry, PlacedFileKind kind, string? server) =>
        _contents.GetOrAdd((entry.Name, kind, kind == PlacedFileKind.Kubeconfig ? server ?? Catalog.Topology.ApiServerUrl : null),
            static (key, state) => new Lazy<string>(() => state.Pki.RenderContent(state.Entry, key.Kind, key.Server)), (Pki: this, Entry: entry)).Value;

    private string RenderContent(CatalogEntry entry, PlacedFileKind kind, string? server)
    {
        var format = Catalog.Options.PrivateKeyFormat;
        return (entry.Kind, kind) switch
        {
            (CatalogEntryKind.CertificateAuthority, PlacedFileKind.Certificate) => Authority(entry.Authority!.Value).CertificatePem,
            (CatalogEntryKind.CertificateAuthority, PlacedFileKind.PrivateKey) => Authority(entry.Authority!.Value).Key.ToPem(format),
            (CatalogEntryKind.Certificate, PlacedFileKind.Certificate) => Certificate(entry.Name).CertificatePem,
            (CatalogEntryKind.Certificate, PlacedFileKind.PrivateKey) => Certificate(entry.Name).KeyPem(format),
            (CatalogEntryKind.Certificate, PlacedFileKind.Kubeconfig) => Kubeconfig(entry.Name, server).ToYaml(),
            (CatalogEntryKind.KeyPair, PlacedFileKind.PrivateKey) => KeyPairs[entry.Name].ToPem(format),
            (CatalogEntryKind.KeyPair, PlacedFileKind.PublicKey) => KeyPairs[entry.Name].PublicKeyPem(),
            _ => throw new PkiException($"catalogue entry '{entry.Name}' cannot place a {kind} file."),
        };
    }

    /// <summary>Files for every host in the catalogue.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<PkiFile>> FilesByHost() =>
        Catalog.Hosts.ToDictionary(h => h, FilesFor, StringComparer.Ordinal);

    /// <inheritdoc />
    public void Dispose()
    {
        _contents.Clear();
        _kubeconfigs.Clear();
        foreach (var a in Authorities.Values) a.Dispose();
        foreach (var c in Certificates.Values) c.Dispose();
        foreach (var k in KeyPairs.Values) k.Dispose();
    }
}
