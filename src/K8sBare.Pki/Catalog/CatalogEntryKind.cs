namespace K8sBare.Pki.Catalog;

/// <summary>What a catalogue entry produces.</summary>
public enum CatalogEntryKind
{
    /// <summary>A self-signed CA certificate and key.</summary>
    CertificateAuthority,

    /// <summary>A leaf certificate and key signed by one of the CAs.</summary>
    Certificate,

    /// <summary>A bare key pair (the service-account signing key: <c>sa.key</c>/<c>sa.pub</c>).</summary>
    KeyPair,
}
