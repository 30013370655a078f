using System.Numerics;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using K8sBare.Pki.Certificates;

namespace K8sBare.Pki.Inspection;

/// <summary>Reads certificates like <c>cfssl-certinfo</c>: subject, issuer, serial, SANs, validity, algorithms, AKI/SKI.</summary>
public static class CertificateInspector
{
    /// <summary>Inspects a certificate.</summary>
    /// <param name="certificate">The certificate to read; not modified or disposed. Its private key, if any, is never read.</param>
    /// <returns>Its fields with names as <c>cfssl-certinfo</c> prints them (e.g. <c>server_auth</c>, <c>digital_signature</c>; RFC 5280 §4.2.1.3/§4.2.1.12 usages) and the certificate PEM.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="certificate"/> is null.</exception>
    public static CertificateInfo Inspect(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var (dns, ips) = CertificateSpecReader.Sans(certificate);
        var ski = certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault();
        var aki = certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault();
        var ku = certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        var bc = certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        var serial = new BigInteger(certificate.GetSerialNumber(), isUnsigned: true, isBigEndian: false);
        return new CertificateInfo
        {
            Subject = Name(certificate.SubjectName),
            Issuer = Name(certificate.IssuerName),
            SerialNumber = serial.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Sans = [.. dns, .. ips],
            DnsNames = dns,
            IpAddresses = ips,
            NotBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
            NotAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            SignatureAlgorithm = certificate.SignatureAlgorithm.Value switch
            {
                "1.2.840.113549.1.1.11" => "SHA256WithRSA",
                "1.2.840.113549.1.1.12" => "SHA384WithRSA",
                "1.2.840.113549.1.1.13" => "SHA512WithRSA",
                "1.2.840.113549.1.1.5" => "SHA1WithRSA",
                "1.2.840.10045.4.3.2" => "ECDSAWithSHA256",
                "1.2.840.10045.4.3.3" => "ECDSAWithSHA384",
                "1.2.840.10045.4.3.4" => "ECDSAWithSHA512",
                "1.3.101.112" => "Ed25519",
                var other => other ?? "unknown",
            },
            PublicKeyAlgorithm = PublicKeyName(certificate),
            SubjectKeyId = ski?.SubjectKeyIdentifier is { } s ? Colons(Convert.FromHexString(s)) : null,
            AuthorityKeyId = aki?.KeyIdentifier is { } a ? Colons(a.ToArray()) : null,
            IsCa = bc?.CertificateAuthority ?? false,
            KeyUsages = ku is null ? [] : KeyUsageNames(ku.KeyUsages),
            ExtendedKeyUsages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>()
                .SelectMany(e => e.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>())
                .Select(o => o.Value switch
                {
                    "1.3.6.1.5.5.7.3.1" => "server_auth",
                    "1.3.6.1.5.5.7.3.2" => "client_auth",
                    "1.3.6.1.5.5.7.3.3" => "code_signing",
                    "1.3.6.1.5.5.7.3.9" => "ocsp_signing",
                    var v => v ?? "unknown",
                }).ToList(),
            Pem = IssuedCertificate.CertificatePemOf(certificate),
        };
    }

    /// <summary>Inspects every certificate in PEM text.</summary>
    /// <param name="pem">PEM text (not a path) with one or more <c>CERTIFICATE</c> blocks; other blocks are skipped.</param>
    /// <param name="source">Where the text came from (file path or description), used in error messages.</param>
    /// <returns>One entry per certificate, in file order.</returns>
    /// <exception cref="PkiException">The text is not PEM, holds no certificate, or a certificate is malformed.</exception>
    public static IReadOnlyList<CertificateInfo> InspectPem(string pem, string source = "certificate")
    {
        var certs = CertificatePemReader.ReadAll(pem, source);
        try { return certs.Select(Inspect).ToList(); }
        finally { foreach (var c in certs) c.Dispose(); }
    }

    /// <summary>JSON (snake_case, indented) of one certificate's details.</summary>
    /// <param name="info">The details, e.g. from <see cref="Inspect"/>.</param>
    public static string ToJson(CertificateInfo info) => JsonSerializer.Serialize(info, PkiJsonContext.Default.CertificateInfo);

    /// <summary>Parses <see cref="ToJson(CertificateInfo)"/> output.</summary>
    /// <param name="json">JSON text as written by <see cref="ToJson(CertificateInfo)"/> (snake_case property names).</param>
    /// <exception cref="PkiException"><paramref name="json"/> is the JSON literal <c>null</c>.</exception>
    /// <exception cref="JsonException"><paramref name="json"/> is not valid JSON of that shape.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    public static CertificateInfo FromJson(string json) =>
        JsonSerializer.Deserialize(json, PkiJsonContext.Default.CertificateInfo) ?? throw new PkiException("certificate info JSON is null.");

    private static CertificateName Name(X500DistinguishedName name)
    {
        var attrs = CertificateSpecReader.Attributes(name);
        return new CertificateName
        {
            CommonName = CertificateSpecReader.First(attrs, CertificateSpecReader.OidCommonName),
            Organizations = CertificateSpecReader.All(attrs, CertificateSpecReader.OidOrganization),
            OrganizationalUnits = CertificateSpecReader.All(attrs, CertificateSpecReader.OidOrganizationalUnit),
            Locality = CertificateSpecReader.First(attrs, CertificateSpecReader.OidLocality),
            Province = CertificateSpecReader.First(attrs, CertificateSpecReader.OidProvince),
            Country = CertificateSpecReader.First(attrs, CertificateSpecReader.OidCountry),
            DistinguishedName = name.Name,
        };
    }

    private static string PublicKeyName(X509Certificate2 cert)
    {
        using (var rsa = cert.GetRSAPublicKey())
            if (rsa is not null) return $"RSA-{rsa.KeySize}";
        using (var ec = cert.GetECDsaPublicKey())
            if (ec is not null) return $"ECDSA-P{ec.KeySize}";
        return cert.PublicKey.Oid.FriendlyName ?? cert.PublicKey.Oid.Value ?? "unknown";
    }

    private static List<string> KeyUsageNames(X509KeyUsageFlags f)
    {
        var names = new List<string>();
        if (f.HasFlag(X509KeyUsageFlags.DigitalSignature)) names.Add("digital_signature");
        if (f.HasFlag(X509KeyUsageFlags.NonRepudiation)) names.Add("content_commitment");
        if (f.HasFlag(X509KeyUsageFlags.KeyEncipherment)) names.Add("key_encipherment");
        if (f.HasFlag(X509KeyUsageFlags.DataEncipherment)) names.Add("data_encipherment");
        if (f.HasFlag(X509KeyUsageFlags.KeyAgreement)) names.Add("key_agreement");
        if (f.HasFlag(X509KeyUsageFlags.KeyCertSign)) names.Add("cert_sign");
        if (f.HasFlag(X509KeyUsageFlags.CrlSign)) names.Add("crl_sign");
        return names;
    }

    private static string Colons(byte[] bytes) => string.Join(':', bytes.Select(b => b.ToString("X", System.Globalization.CultureInfo.InvariantCulture)));
}
