using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using K8sBare.Pki.Keys;
using K8sBare.Pki.Pem;

namespace K8sBare.Pki.Certificates;

/// <summary>
/// A certificate authority: a CA certificate with its private key. Create a self-signed one with
/// <see cref="Create"/>, load one with <see cref="FromPem"/> / <see cref="LoadAsync"/>, then issue leaves with
/// <see cref="Issue"/>, sign CSRs with <see cref="SignCsr"/> and re-issue with <see cref="Renew"/>.
/// Extensions follow kubeadm (<c>pki_helpers.go</c>): BasicConstraints (critical), KeyUsage (critical;
/// digitalSignature + keyEncipherment for RSA keys, digitalSignature for ECDSA; plus keyCertSign for CAs),
/// SKI/AKI, random positive 128-bit serial. Not thread-safe: use one instance (or <see cref="Clone"/>) per thread.
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private readonly TimeProvider _time;
    private X509AuthorityKeyIdentifierExtension? _authorityKeyId;
    private X500DistinguishedName? _issuerName;
    private X509SignatureGenerator? _generator;
    private DateTimeOffset? _caNotBefore;
    private DateTimeOffset? _caNotAfter;

    private CertificateAuthority(X509Certificate2 certificate, KeyPair key, TimeProvider time)
    {
        Certificate = certificate;
        Key = key;
        _time = time;
    }

    /// <summary>The CA certificate (no private key attached).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA private key.</summary>
    public KeyPair Key { get; }

    /// <summary>The CA certificate as PEM; encoded once, then cached (the certificate never changes).</summary>
    public string CertificatePem
    {
        get
        {
            if (_certificatePem is { } pem) return pem;
            pem = IssuedCertificate.CertificatePemOf(Certificate);
            return Interlocked.CompareExchange(ref _certificatePem, pem, null) ?? pem;
        }
    }

    private string? _certificatePem;

    /// <summary>Creates a self-signed CA.</summary>
    /// <param name="spec">Identity, validity and key type.</param>
    /// <param name="key">An existing key to use; null generates one of <see cref="CertificateAuthoritySpec.KeyAlgorithm"/>.</param>
    /// <param name="time">Clock (tests); defaults to the system clock.</param>
    /// <returns>A CA valid from 5 minutes before now (clock skew) for <see cref="CertificateAuthoritySpec.Validity"/>; it owns <paramref name="key"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> is null.</exception>
    /// <exception cref="PkiException">The spec is invalid (every problem listed, each naming the field).</exception>
    public static CertificateAuthority Create(CertificateAuthoritySpec spec, KeyPair? key = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = spec.Validate();
        if (problems.Count > 0) throw new PkiException(string.Join(Environment.NewLine, problems));
        time ??= TimeProvider.System;
        key ??= KeyPair.Generate(spec.KeyAlgorithm);
        var subject = SubjectFields.Build(spec.CommonName, spec.Organizations, spec.OrganizationalUnit, spec.Locality, spec.Province, spec.Country);
        var req = new CertificateRequest(subject, new PublicKey(key.Key), key.SignatureHash, key.IsRsa ? RSASignaturePadding.Pkcs1 : null);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var usage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign | (key.IsRsa ? X509KeyUsageFlags.KeyEncipherment : 0);
        req.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        var ski = new X509SubjectKeyIdentifierExtension(req.PublicKey, false);
        req.CertificateExtensions.Add(ski);
        req.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(ski));
        var now = Truncate(time.GetUtcNow());
        var cert = req.Create(subject, key.SignatureGenerator(), now - ClockSkew, now + spec.Validity, NewSerial());
        return new CertificateAuthority(cert, key, time);
    }

    /// <summary>
    /// Loads a CA from PEM text, checking that the certificate is a CA (BasicConstraints CA:TRUE), is currently
    /// valid, may sign certificates, and that the key matches it.
    /// </summary>
    /// <param name="certificatePem">PEM text (not a path) whose first <c>CERTIFICATE</c> block is the CA certificate.</param>
    /// <param name="keyPem">PEM text of the CA's unencrypted private key (PKCS#8, PKCS#1 or SEC1). A secret: never logged.</param>
    /// <param name="source">A name for the CA (e.g. <c>etcd CA</c> or a path), used in error messages.</param>
    /// <param name="time">Clock used for the validity check and for issuing (tests); null means the system clock.</param>
    /// <exception cref="PkiException">The PEM does not parse, the key is encrypted, unsupported or does not match, or the certificate is not a usable CA (see <see cref="EnsureUsable"/>).</exception>
    public static CertificateAuthority FromPem(string certificatePem, string keyPem, string source = "CA", TimeProvider? time = null)
    {
        var cert = CertificatePemReader.Read(certificatePem, $"{source} certificate");
        KeyPair key;
        try { key = KeyPair.FromPem(keyPem, $"{source} key"); }
        catch { cert.Dispose(); throw; }
        return FromCertificate(cert, key, source, time);
    }

    /// <summary>Wraps a CA certificate and key (ownership moves to the result) after the same checks as <see cref="FromPem"/>.</summary>
    /// <param name="certificate">The CA certificate; disposed when a check fails.</param>
    /// <param name="key">The CA's private key; disposed when a check fails.</param>
    /// <param name="source">A name for the CA (e.g. <c>etcd CA</c> or a path), used in error messages.</param>
    /// <param name="time">Clock used for the validity check and for issuing (tests); null means the system clock.</param>
    /// <exception cref="ArgumentNullException"><paramref name="certificate"/> or <paramref name="key"/> is null.</exception>
    /// <exception cref="PkiException">The key does not match, or the certificate is not a usable CA (see <see cref="EnsureUsable"/>).</exception>
    public static CertificateAuthority FromCertificate(X509Certificate2 certificate, KeyPair key, string source = "CA", TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(key);
        var ca = new CertificateAuthority(certificate, key, time ?? TimeProvider.System);
        try
        {
            key.EnsureMatches(certificate, $"{source} key");
            ca.EnsureUsable(source);
            return ca;
        }
        catch
        {
            ca.Dispose();
            throw;
        }
    }

    /// <summary>Loads a CA from a certificate PEM file and a key PEM file.</summary>
    /// <param name="certificatePath">Local path of the CA certificate PEM file (e.g. <c>ca.pem</c>).</param>
    /// <param name="keyPath">Local path of the CA's unencrypted private key PEM file (e.g. <c>ca-key.pem</c>).</param>
    /// <param name="time">Clock used for the validity check and for issuing (tests); null means the system clock.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="PkiException">A file cannot be read or parsed, the key does not match, or the certificate is not a usable CA (see <see cref="EnsureUsable"/>); the message names both paths.</exception>
    public static async Task<CertificateAuthority> LoadAsync(string certificatePath, string keyPath, TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        var certPem = await PemFile.ReadAsync(certificatePath, cancellationToken).ConfigureAwait(false);
        var keyPem = await PemFile.ReadAsync(keyPath, cancellationToken).ConfigureAwait(false);
        var cert = CertificatePemReader.Read(certPem, certificatePath);
        KeyPair key;
        try { key = KeyPair.FromPem(keyPem, keyPath); }
        catch { cert.Dispose(); throw; }
        return FromCertificate(cert, key, $"{certificatePath} + {keyPath}", time);
    }

    /// <summary>Writes the CA certificate (0644) and key (0600).</summary>
    /// <param name="certificatePath">Local path of the certificate PEM file (mode 0644), replaced atomically.</param>
    /// <param name="keyPath">Local path of the key PEM file (mode 0600, written first), replaced atomically.</param>
    /// <param name="format">Private key PEM form (see <see cref="PrivateKeyFormat"/>).</param>
    /// <param name="cancellationToken">Cancels the writes; a file already written stays.</param>
    /// <exception cref="PkiException">A file or its folder cannot be written.</exception>
    public async Task WriteAsync(string certificatePath, string keyPath, PrivateKeyFormat format = PrivateKeyFormat.Pkcs8,
        CancellationToken cancellationToken = default)
    {
        await PemFile.WritePrivateAsync(keyPath, Key.ToPem(format), cancellationToken).ConfigureAwait(false);
        await PemFile.WritePublicAsync(certificatePath, CertificatePem, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Issues a leaf certificate from a spec, generating a key of <see cref="CertificateSpec.KeyAlgorithm"/> when <paramref name="key"/> is null.</summary>
    /// <param name="spec">Identity, SANs, usages, validity and key type. The validity is clamped to the CA's own NotAfter; NotBefore is 5 minutes before now (clock skew).</param>
    /// <param name="key">The subject's key (it stays the caller's to dispose only if the call throws; on success the result owns it); null generates a new one.</param>
    /// <returns>The certificate with its key. Extensions as kubeadm's <c>pki_helpers.go</c>: BasicConstraints CA:FALSE, KeyUsage, ExtKeyUsage (RFC 5280 §4.2.1.12 serverAuth/clientAuth), SKI, AKI and SAN.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="spec"/> is null.</exception>
    /// <exception cref="PkiException">The spec is invalid (all problems listed) or this CA cannot sign now.</exception>
    public IssuedCertificate Issue(CertificateSpec spec, KeyPair? key = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.EnsureValid();
        EnsureUsable("CA");
        var owned = key is null;
        key ??= KeyPair.Generate(spec.KeyAlgorithm);
        try
        {
            var subject = SubjectFields.Build(spec.CommonName, spec.Organizations, spec.OrganizationalUnit, spec.Locality, spec.Province, spec.Country);
            var der = Sign(subject, new PublicKey(key.Key), key.IsRsa, spec.Usage, spec.Validity, SanExtension(spec.DnsNames, spec.IpAddresses));
            return new IssuedCertificate(der, key);
        }
        catch
        {
            if (owned) key.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Signs a PEM PKCS#10 CSR: the subject and SANs come from the CSR (after its signature is checked), the
    /// usages and validity from the arguments; other requested extensions are ignored.
    /// </summary>
    /// <param name="csrPem">PEM text (not a path) holding a <c>CERTIFICATE REQUEST</c> (PKCS#10, RFC 2986) or legacy <c>NEW CERTIFICATE REQUEST</c> block.</param>
    /// <param name="usage">The extended key usages to grant (server, client or both); not taken from the CSR.</param>
    /// <param name="validity">How long the certificate is valid; null means <see cref="CertificateSpec.DefaultValidity"/> (365 days). Clamped to the CA's NotAfter.</param>
    /// <param name="source">Where the CSR came from, used in error messages.</param>
    /// <returns>The signed certificate (the CA never sees the subject's private key).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="csrPem"/> is null.</exception>
    /// <exception cref="PkiException">This CA cannot sign now, the text holds no CSR block, the CSR is malformed or its signature is bad, or <paramref name="usage"/> is <see cref="CertificateUsage.None"/>.</exception>
    public X509Certificate2 SignCsr(string csrPem, CertificateUsage usage, TimeSpan? validity = null, string source = "CSR")
    {
        ArgumentNullException.ThrowIfNull(csrPem);
        EnsureUsable("CA");
        var block = Pem.PemBlock.ParseAll(csrPem, source).FirstOrDefault(b => b.Label is "CERTIFICATE REQUEST" or "NEW CERTIFICATE REQUEST")
            ?? throw new PkiException($"{source}: no 'CERTIFICATE REQUEST' PEM block found.");
        CertificateRequest req;
        try
        {
            req = CertificateRequest.LoadSigningRequest(block.Der, Key.SignatureHash,
                CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions, Key.IsRsa ? RSASignaturePadding.Pkcs1 : null);
        }
        catch (CryptographicException e)
        {
            throw new PkiException($"{source}: malformed or badly signed CSR: {e.Message}", e);
        }
        if (usage == CertificateUsage.None) throw new PkiException($"{source}: usage None; a leaf needs Server, Client or both.");
        var san = req.CertificateExtensions.FirstOrDefault(e => e.Oid?.Value == "2.5.29.17");
        var isRsa = req.PublicKey.Oid.Value == "1.2.840.113549.1.1.1";
        return CertificatePemReader.FromDer(Sign(req.SubjectName, req.PublicKey, isRsa, usage, validity ?? CertificateSpec.DefaultValidity, san), source);
    }

    /// <summary>
    /// Re-issues <paramref name="existing"/> with the same subject, SANs and usages and a fresh validity period.
    /// Pass <paramref name="keepKey"/> to keep the key (it must match), or null to generate a new key of the same type.
    /// </summary>
    /// <param name="existing">The certificate to re-issue (typically close to expiry); it need not have been issued by this CA.</param>
    /// <param name="keepKey">The existing private key to keep, or null for a new key of the same type and size.</param>
    /// <param name="validity">The new validity; null keeps the old certificate's NotAfter − NotBefore.</param>
    /// <exception cref="ArgumentNullException"><paramref name="existing"/> is null.</exception>
    /// <exception cref="PkiException"><paramref name="keepKey"/> does not match, the certificate has no CN or an unsupported key, or this CA cannot sign now.</exception>
    public IssuedCertificate Renew(X509Certificate2 existing, KeyPair? keepKey = null, TimeSpan? validity = null)
    {
        ArgumentNullException.ThrowIfNull(existing);
        var spec = CertificateSpecReader.FromCertificate(existing);
        if (validity is { } v) spec = spec with { Validity = v };
        if (keepKey is not null) keepKey.EnsureMatches(existing, "renewal key");
        return Issue(spec, keepKey);
    }

    /// <summary>True when <paramref name="certificate"/> was signed by this CA's key.</summary>
    /// <param name="certificate">The certificate to check. Its issuer name must equal this CA's subject and its signature must verify with this CA's key; expiry and usages are not checked.</param>
    /// <exception cref="ArgumentNullException"><paramref name="certificate"/> is null.</exception>
    public bool IsIssuerOf(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.IssuerName.RawData.AsSpan().SequenceEqual(Certificate.SubjectName.RawData)) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid | X509VerificationFlags.IgnoreWrongUsage;
        chain.ChainPolicy.VerificationTime = _time.GetUtcNow().UtcDateTime;
        return chain.Build(certificate) && chain.ChainElements.Count >= 2
            && chain.ChainElements[^1].Certificate.RawData.AsSpan().SequenceEqual(Certificate.RawData);
    }

    /// <summary>An independent copy (its own key object) for signing on another thread.</summary>
    public CertificateAuthority Clone() =>
        new(CertificatePemReader.FromDer(Certificate.RawData), Key.Clone(), _time);

    /// <summary>Throws <see cref="PkiException"/> when this certificate cannot act as an issuer now.</summary>
    /// <param name="source">A name for the CA (e.g. a path), named first in the error message.</param>
    /// <exception cref="PkiException">BasicConstraints CA:TRUE is missing, KeyUsage lacks keyCertSign (RFC 5280 §4.2.1.3, §4.2.1.9), the CA has expired, or it is not yet valid (beyond 5 minutes of clock skew).</exception>
    public void EnsureUsable(string source)
    {
        var bc = Certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        if (bc is null || !bc.CertificateAuthority)
            throw new PkiException($"{source}: '{Certificate.Subject}' is not a CA certificate (BasicConstraints CA:TRUE missing); use a CA certificate as the issuer.");
        var ku = Certificate.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (ku is not null && !ku.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign))
            throw new PkiException($"{source}: CA '{Certificate.Subject}' lacks the keyCertSign key usage, so it may not sign certificates.");
        var now = _time.GetUtcNow();
        if (Certificate.NotAfter.ToUniversalTime() < now.UtcDateTime)
            throw new PkiException($"{source}: CA '{Certificate.Subject}' expired on {Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z; renew the CA (and re-issue its leaves) before signing.");
        if (Certificate.NotBefore.ToUniversalTime() > now.UtcDateTime + ClockSkew)
            throw new PkiException($"{source}: CA '{Certificate.Subject}' is not valid before {Certificate.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z; check the clock.");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Certificate.Dispose();
        Key.Dispose();
    }

    private byte[] Sign(X500DistinguishedName subject, PublicKey publicKey, bool subjectKeyIsRsa, CertificateUsage usage,
        TimeSpan validity, X509Extension? san)
    {
        var extensions = new List<X509Extension>(7)
        {
            new X509BasicConstraintsExtension(false, false, 0, true),
            new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | (subjectKeyIsRsa ? X509KeyUsageFlags.KeyEncipherment : 0), true),
        };
        var eku = new OidCollection();
        if (usage.HasFlag(CertificateUsage.Server)) eku.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        if (usage.HasFlag(CertificateUsage.Client)) eku.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        extensions.Add(new X509EnhancedKeyUsageExtension(eku, false));
        extensions.Add(new X509SubjectKeyIdentifierExtension(publicKey, false));
        extensions.Add(_authorityKeyId ??= X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        if (san is not null) extensions.Add(san);

        var now = Truncate(_time.GetUtcNow());
        var notBefore = now - ClockSkew;
        _caNotBefore ??= new DateTimeOffset(Certificate.NotBefore.ToUniversalTime());
        _caNotAfter ??= new DateTimeOffset(Certificate.NotAfter.ToUniversalTime());
        if (notBefore < _caNotBefore.Value) notBefore = _caNotBefore.Value;
        var notAfter = now + validity;
        if (notAfter > _caNotAfter.Value) notAfter = _caNotAfter.Value;
        return CertificateDer.Create(_issuerName ??= Certificate.SubjectName, subject, publicKey.ExportSubjectPublicKeyInfo(), NewSerial(),
            notBefore, notAfter, extensions, _generator ??= Key.SignatureGenerator(), Key.SignatureHash);
    }

    private static X509Extension? SanExtension(IReadOnlyList<string> dnsNames, IReadOnlyList<string> ipAddresses)
    {
        if (dnsNames.Count == 0 && ipAddresses.Count == 0) return null;
        var b = new SubjectAlternativeNameBuilder();
        foreach (var d in dnsNames) b.AddDnsName(d);
        foreach (var ip in ipAddresses) b.AddIpAddress(IPAddress.Parse(ip));
        return b.Build(false);
    }

    private static byte[] NewSerial()
    {
        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;                     // positive …
        if (serial[0] == 0) serial[0] = 0x01;  // … and exactly 16 bytes in DER
        return serial;
    }

    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
