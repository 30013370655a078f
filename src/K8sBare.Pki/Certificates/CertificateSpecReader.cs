using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using K8sBare.Pki.Keys;

namespace K8sBare.Pki.Certificates;

/// <summary>Reads certificate fields back (subject attributes, SANs, EKUs, key type).</summary>
internal static class CertificateSpecReader
{
    public const string OidCommonName = "2.5.4.3";
    public const string OidCountry = "2.5.4.6";
    public const string OidLocality = "2.5.4.7";
    public const string OidProvince = "2.5.4.8";
    public const string OidOrganization = "2.5.4.10";
    public const string OidOrganizationalUnit = "2.5.4.11";

    public static CertificateSpec FromCertificate(X509Certificate2 cert)
    {
        ArgumentNullException.ThrowIfNull(cert);
        var attrs = Attributes(cert.SubjectName);
        var (dns, ips) = Sans(cert);
        var usage = Usage(cert);
        return new CertificateSpec
        {
            CommonName = First(attrs, OidCommonName) ?? throw new PkiException($"certificate '{cert.Subject}' has no CN to renew."),
            Organizations = All(attrs, OidOrganization),
            OrganizationalUnit = First(attrs, OidOrganizationalUnit),
            Locality = First(attrs, OidLocality),
            Province = First(attrs, OidProvince),
            Country = First(attrs, OidCountry),
            DnsNames = dns,
            IpAddresses = ips,
            Usage = usage == CertificateUsage.None ? CertificateUsage.ServerAndClient : usage,
            Validity = TimeSpan.FromSeconds(Math.Round((cert.NotAfter - cert.NotBefore).TotalSeconds)),
            KeyAlgorithm = KeyAlgorithmOf(cert),
        };
    }

    public static List<KeyValuePair<string, string>> Attributes(X500DistinguishedName name)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements) continue;
            var value = rdn.GetSingleElementValue();
            if (value is not null) list.Add(new(rdn.GetSingleElementType().Value ?? "", value));
        }
        return list;
    }

    public static string? First(List<KeyValuePair<string, string>> attrs, string oid) =>
        attrs.Where(a => a.Key == oid).Select(a => a.Value).FirstOrDefault();

    public static IReadOnlyList<string> All(List<KeyValuePair<string, string>> attrs, string oid) =>
        attrs.Where(a => a.Key == oid).Select(a => a.Value).ToList();

    public static (IReadOnlyList<string> Dns, IReadOnlyList<string> Ips) Sans(X509Certificate2 cert)
    {
        var ext = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (ext is null)
        {
            var raw = cert.Extensions["2.5.29.17"];
            if (raw is null) return ([], []);
            ext = new X509SubjectAlternativeNameExtension(raw.RawData, raw.Critical);
        }
        return (ext.EnumerateDnsNames().ToList(), ext.EnumerateIPAddresses().Select(i => i.ToString()).ToList());
    }

    public static CertificateUsage Usage(X509Certificate2 cert)
    {
        var usage = CertificateUsage.None;
        foreach (var eku in cert.Extensions.OfType<X509EnhancedKeyUsageExtension>())
            foreach (var oid in eku.EnhancedKeyUsages)
            {
                if (oid.Value == "1.3.6.1.5.5.7.3.1") usage |= CertificateUsage.Server;
                if (oid.Value == "1.3.6.1.5.5.7.3.2") usage |= CertificateUsage.Client;
            }
        return usage;
    }

    public static KeyAlgorithm KeyAlgorithmOf(X509Certificate2 cert)
    {
        using var rsa = cert.GetRSAPublicKey();
        if (rsa is not null)
            return rsa.KeySize switch { 3072 => KeyAlgorithm.Rsa3072, 4096 => KeyAlgorithm.Rsa4096, _ => KeyAlgorithm.Rsa2048 };
        using var ec = cert.GetECDsaPublicKey();
        if (ec is not null) return ec.KeySize == 384 ? KeyAlgorithm.EcdsaP384 : KeyAlgorithm.EcdsaP256;
        throw new PkiException($"certificate '{cert.Subject}': unsupported public key type; K8sBare handles RSA and ECDSA.");
    }
}
