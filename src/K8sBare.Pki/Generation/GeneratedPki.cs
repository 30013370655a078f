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
    public CertificateAuthority Authority(CertificateAuthorityId id) => Authorities[id];

    /// <summary>One leaf certificate by entry name (e.g. <c>apiserver</c>, <c>kubelet/node-1</c>).</summary>
    /// <exception cref="PkiException">No such certificate entry.</exception>
    public IssuedCertificate Certificate(string name) => Certificates.TryGetValue(name, out var c) ? c
        : throw new PkiException($"generated PKI has no certificate '{name}'. Known: {string.Join(", ", Certificates.Keys.Order(StringComparer.Ordinal))}.");

    /// <summary>
    /// The kubeconfig of a client entry (admin, kubelet/NODE, kube-proxy, controller-manager, scheduler, coredns, flannel),
    /// embedding the cluster CA, the certificate and the key. <paramref name="server"/> defaults to the topology's API URL.
    /// </summary>
    public KubeconfigFile Kubeconfig(string name, string? server = null)
    {
        var entry = Catalog[name];
        if (!entry.HasKubeconfig) throw new PkiException($"catalogue entry '{name}' is not a kubeconfig client identity.");
        return _kubeconfigs.GetOrAdd((name, server ?? Catalog.Topology.ApiServerUrl),
            static (key, pki) => new Lazy<KubeconfigFile>(() => pki.BuildKubeconfig(key.Name, key.Server)), this).Value;
    }

    /// <summary>Builds a kubeconfig without the cache (the reference the cached path is tested against).</summary>
    internal KubeconfigFile BuildKubeconfig(string name, string server) =>
        KubeconfigBuilder.ForClient(Catalog.Topology.ClusterName, server,
            Authority(CertificateAuthorityId.Cluster).CertificatePem, Certificate(name), Catalog.Options.PrivateKeyFormat);

    private readonly ConcurrentDictionary<(string Name, string Server), Lazy<KubeconfigFile>> _kubeconfigs = new();
    private readonly ConcurrentDictionary<(string Entry, PlacedFileKind Kind, string? Server), Lazy<string>> _contents = new();

    /// <summary>Every file one host receives, sorted by path (empty for an unknown host).</summary>
    public IReadOnlyList<PkiFile> FilesFor(string host)
    {
        var placements = Catalog.PlacementsFor(host);
        var files = new List<PkiFile>(placements.Count);
        foreach (var (entry, p) in placements)
        {
            var content = _contents.GetOrAdd((entry.Name, p.Kind, p.Kind == PlacedFileKind.Kubeconfig ? p.KubeconfigServer : null),
                static (_, state) => new Lazy<string>(() => state.Pki.RenderContent(state.Entry, state.Placement)), (Pki: this, Entry: entry, Placement: p)).Value;
            files.Add(new PkiFile
            {
                Path = p.Path,
                Mode = p.Mode,
                Owner = p.Owner,
                Content = content,
                IsSecret = p.Kind is PlacedFileKind.PrivateKey or PlacedFileKind.Kubeconfig,
                EntryName = entry.Name,
            });
        }
        return files;
    }

    /// <summary>
    /// Renders one placed file's content without the cache (the reference the cached path is tested against). The content
    /// depends only on the entry, the file kind and, for kubeconfigs, the server URL — never on the host or path.
    /// </summary>
    internal string RenderContent(CatalogEntry entry, FilePlacement p)
    {
        var format = Catalog.Options.PrivateKeyFormat;
        return (entry.Kind, p.Kind) switch
        {
            (CatalogEntryKind.CertificateAuthority, PlacedFileKind.Certificate) => Authority(entry.Authority!.Value).CertificatePem,
            (CatalogEntryKind.CertificateAuthority, PlacedFileKind.PrivateKey) => Authority(entry.Authority!.Value).Key.ToPem(format),
            (CatalogEntryKind.Certificate, PlacedFileKind.Certificate) => Certificate(entry.Name).CertificatePem,
            (CatalogEntryKind.Certificate, PlacedFileKind.PrivateKey) => Certificate(entry.Name).KeyPem(format),
            (CatalogEntryKind.Certificate, PlacedFileKind.Kubeconfig) => Kubeconfig(entry.Name, p.KubeconfigServer).ToYaml(),
            (CatalogEntryKind.KeyPair, PlacedFileKind.PrivateKey) => KeyPairs[entry.Name].ToPem(format),
            (CatalogEntryKind.KeyPair, PlacedFileKind.PublicKey) => KeyPairs[entry.Name].PublicKeyPem(),
            _ => throw new PkiException($"catalogue entry '{entry.Name}' cannot place a {p.Kind} file ({p.Path})."),
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
