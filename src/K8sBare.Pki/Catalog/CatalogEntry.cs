using K8sBare.Pki.Certificates;
using K8sBare.Pki.Keys;

namespace K8sBare.Pki.Catalog;

/// <summary>
/// One item of the cluster's PKI: a CA, a leaf certificate or the service-account key pair, with who signs it,
/// what it says and where it goes.
/// </summary>
public sealed record CatalogEntry
{
    /// <summary>
    /// Stable name, also the base path in a <see cref="Generation.PkiStore"/> (e.g. <c>ca</c>, <c>apiserver</c>,
    /// <c>kubelet/node-1</c>, <c>etcd/server-etcd-1</c>, <c>sa</c>).
    /// </summary>
    public required string Name { get; init; }

    /// <summary>What the entry produces.</summary>
    public required CatalogEntryKind Kind { get; init; }

    /// <summary>One line on what the entry is for.</summary>
    public required string Purpose { get; init; }

    /// <summary>For a CA entry: which CA it is.</summary>
    public CertificateAuthorityId? Authority { get; init; }

    /// <summary>For a CA entry: its spec.</summary>
    public CertificateAuthoritySpec? AuthoritySpec { get; init; }

    /// <summary>For a certificate: the CA that signs it.</summary>
    public CertificateAuthorityId? Issuer { get; init; }

    /// <summary>For a certificate: identity, SANs, usages, validity, key type.</summary>
    public CertificateSpec? Certificate { get; init; }

    /// <summary>For a key pair: its key type.</summary>
    public KeyAlgorithm? KeyAlgorithm { get; init; }

    /// <summary>True when the entry is a client identity that gets a kubeconfig (user name = CN).</summary>
    public bool HasKubeconfig { get; init; }

    /// <summary>Files placed on hosts (empty: the entry stays in the local PKI store only).</summary>
    public IReadOnlyList<FilePlacement> Placements { get; init; } = [];

    /// <summary>The node this entry belongs to (kubelet, etcd member), or null for cluster-wide entries.</summary>
    public string? Node { get; init; }
}
