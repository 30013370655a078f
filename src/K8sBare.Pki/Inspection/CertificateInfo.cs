namespace K8sBare.Pki.Inspection;

/// <summary>What <c>cfssl-certinfo -cert</c> shows about a certificate, as a record (and JSON via <see cref="CertificateInspector.ToJson(CertificateInfo)"/>).</summary>
public sealed record CertificateInfo
{
    /// <summary>Subject name.</summary>
    public required CertificateName Subject { get; init; }

    /// <summary>Issuer name.</summary>
    public required CertificateName Issuer { get; init; }

    /// <summary>Serial number in decimal (as cfssl prints it).</summary>
    public required string SerialNumber { get; init; }

    /// <summary>All SANs: DNS names then IPs.</summary>
    public required IReadOnlyList<string> Sans { get; init; }

    /// <summary>DNS SANs.</summary>
    public required IReadOnlyList<string> DnsNames { get; init; }

    /// <summary>IP SANs.</summary>
    public required IReadOnlyList<string> IpAddresses { get; init; }

    /// <summary>Start of validity (UTC).</summary>
    public required DateTimeOffset NotBefore { get; init; }

    /// <summary>End of validity (UTC).</summary>
    public required DateTimeOffset NotAfter { get; init; }

    /// <summary>Signature algorithm in Go's spelling (<c>SHA256-RSA</c> → cfssl's <c>SHA256WithRSA</c>, <c>ECDSAWithSHA256</c>).</summary>
    public required string SignatureAlgorithm { get; init; }

    /// <summary>Public key type and size (<c>RSA-2048</c>, <c>ECDSA-P256</c>).</summary>
    public required string PublicKeyAlgorithm { get; init; }

    /// <summary>Authority key identifier in cfssl-certinfo's format (uppercase hex bytes without leading zeros, colon-separated), or null.</summary>
    public string? AuthorityKeyId { get; init; }

    /// <summary>Subject key identifier in cfssl-certinfo's format, or null.</summary>
    public string? SubjectKeyId { get; init; }

    /// <summary>True when BasicConstraints says CA:TRUE.</summary>
    public required bool IsCa { get; init; }

    /// <summary>Key usages (<c>digital_signature</c>, <c>key_encipherment</c>, <c>cert_sign</c>, …).</summary>
    public required IReadOnlyList<string> KeyUsages { get; init; }

    /// <summary>Extended key usages (<c>server_auth</c>, <c>client_auth</c>, or the OID).</summary>
    public required IReadOnlyList<string> ExtendedKeyUsages { get; init; }

    /// <summary>The certificate as PEM.</summary>
    public required string Pem { get; init; }
}
