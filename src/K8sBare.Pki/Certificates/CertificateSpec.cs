using System.Net;
using K8sBare.Pki.Keys;

namespace K8sBare.Pki.Certificates;

/// <summary>
/// What a leaf certificate says: identity (CN, O list, optional OU/L/ST/C), SANs, usages, validity and the key
/// type to generate. Issue it with <see cref="CertificateAuthority.Issue"/>.
/// </summary>
public sealed record CertificateSpec
{
    /// <summary>Kubernetes' default leaf validity (one year, like kubeadm).</summary>
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(365);

    /// <summary>The subject common name (for Kubernetes clients, the user name, e.g. <c>system:node:node-1</c>).</summary>
    public required string CommonName { get; init; }

    /// <summary>Subject organizations (for Kubernetes clients, the groups, e.g. <c>system:nodes</c>), in order.</summary>
    public IReadOnlyList<string> Organizations { get; init; } = [];

    /// <summary>Optional organizational unit (OU).</summary>
    public string? OrganizationalUnit { get; init; }

    /// <summary>Optional locality (L).</summary>
    public string? Locality { get; init; }

    /// <summary>Optional state or province (ST).</summary>
    public string? Province { get; init; }

    /// <summary>Optional two-letter country code (C).</summary>
    public string? Country { get; init; }

    /// <summary>DNS subject alternative names.</summary>
    public IReadOnlyList<string> DnsNames { get; init; } = [];

    /// <summary>IP subject alternative names as text (IPv4 or IPv6); each must parse as an IP address.</summary>
    public IReadOnlyList<string> IpAddresses { get; init; } = [];

    /// <summary>Extended key usages (server, client or both).</summary>
    public CertificateUsage Usage { get; init; } = CertificateUsage.Client;

    /// <summary>How long the certificate is valid (clamped to the issuer's own expiry).</summary>
    public TimeSpan Validity { get; init; } = DefaultValidity;

    /// <summary>The key type generated when no key is supplied.</summary>
    public KeyAlgorithm KeyAlgorithm { get; init; } = KeyAlgorithm.Rsa2048;

    /// <summary>
    /// Reads the identity, SANs, usages, validity length and key type back from an existing certificate
    /// (used by renewal: the same identity with a fresh validity).
    /// </summary>
    /// <param name="certificate">The certificate to read. A certificate without a server/client EKU reads back as <see cref="CertificateUsage.ServerAndClient"/>; the validity is its NotAfter − NotBefore, rounded to whole seconds.</param>
    /// <exception cref="ArgumentNullException"><paramref name="certificate"/> is null.</exception>
    /// <exception cref="PkiException">The subject has no CN, or the public key is neither RSA nor ECDSA.</exception>
    public static CertificateSpec FromCertificate(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) =>
        CertificateSpecReader.FromCertificate(certificate);

    /// <summary>Returns every problem with this spec (empty when valid), each naming the field.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = SubjectFields.Validate(CommonName, Organizations, Country, $"certificate '{CommonName}'");
        foreach (var ip in IpAddresses)
            if (!IPAddress.TryParse(ip, out _))
                problems.Add($"certificate '{CommonName}': IP SAN '{ip}' is not an IP address (put host names in DnsNames).");
        foreach (var dns in DnsNames)
            if (string.IsNullOrWhiteSpace(dns) || dns.Any(c => char.IsWhiteSpace(c) || c == '/' || c == ':'))
                problems.Add($"certificate '{CommonName}': DNS SAN '{dns}' is not a DNS name.");
            else if (IPAddress.TryParse(dns, out _))
                problems.Add($"certificate '{CommonName}': DNS SAN '{dns}' is an IP address; put it in IpAddresses.");
        if (Usage == CertificateUsage.None)
            problems.Add($"certificate '{CommonName}': Usage is None; a leaf needs Server, Client or both.");
        if (Validity <= TimeSpan.Zero)
            problems.Add($"certificate '{CommonName}': Validity {Validity} must be positive.");
        return problems;
    }

    /// <summary>Throws <see cref="PkiException"/> listing every problem when <see cref="Validate"/> finds any.</summary>
    public void EnsureValid()
    {
        var problems = Validate();
        if (problems.Count > 0) throw new PkiException(string.Join(Environment.NewLine, problems));
    }
}
