using K8sBare.Pki.Inspection;

namespace K8sBare.Cluster.Operations;

/// <summary>One certificate as found on a host: in a certificate file K8sBare placed, or embedded in a kubeconfig it placed.</summary>
public sealed record HostCertificate
{
    /// <summary>The node name.</summary>
    public required string Host { get; init; }

    /// <summary>The file on the host.</summary>
    public required string Path { get; init; }

    /// <summary>The PKI catalogue entry the file was placed from (e.g. <c>apiserver</c>, <c>etcd/server-cp-1</c>).</summary>
    public required string CatalogEntry { get; init; }

    /// <summary>Where inside a kubeconfig (<c>user:NAME</c> / <c>cluster:NAME</c>); null for a certificate file.</summary>
    public string? Embedded { get; init; }

    /// <summary>Subject, issuer, notAfter, days left, status, serial and fingerprint, as read from the host.</summary>
    public required ExpiryEntry Expiry { get; init; }
}
