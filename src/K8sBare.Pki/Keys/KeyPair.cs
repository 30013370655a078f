using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using K8sBare.Pki.Pem;

namespace K8sBare.Pki.Keys;

/// <summary>
/// A private key (RSA or ECDSA) with its public half. Generate one with <see cref="Generate"/>, read one
/// from PEM (PKCS#1, PKCS#8 or SEC1) with <see cref="FromPem"/>, write it with <see cref="ToPem"/>.
/// Not thread-safe for concurrent signing; dispose when done.
/// </summary>
public sealed class KeyPair : IDisposable
{
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcOid = "1.2.840.10045.2.1";

    private KeyPair(AsymmetricAlgorithm key, KeyAlgorithm algorithm)
    {
        Key = key;
        Algorithm = algorithm;
    }

    /// <summary>The framework key object (<see cref="RSA"/> or <see cref="ECDsa"/>).</summary>
    public AsymmetricAlgorithm Key { get; }

    /// <summary>The key type and size.</summary>
    public KeyAlgorithm Algorithm { get; }

    /// <summary>True for RSA keys.</summary>
    public bool IsRsa => Key is RSA;

    /// <summary>Generates a new key of the given type (RSA generation takes ~100–400 ms; ECDSA well under 1 ms).</summary>
    /// <param name="algorithm">The key type and size (RSA 2048/3072/4096 bits, ECDSA P-256/P-384).</param>
    /// <returns>A new key owned by the caller (dispose it).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="algorithm"/> is not a defined <see cref="KeyAlgorithm"/>.</exception>
    public static KeyPair Generate(KeyAlgorithm algorithm)
    {
        AsymmetricAlgorithm key = algorithm switch
        {
            KeyAlgorithm.Rsa2048 => RSA.Create(2048),
            KeyAlgorithm.Rsa3072 => RSA.Create(3072),
            KeyAlgorithm.Rsa4096 => RSA.Create(4096),
            KeyAlgorithm.EcdsaP256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
            KeyAlgorithm.EcdsaP384 => ECDsa.Create(ECCurve.NamedCurves.nistP384),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown key algorithm"),
        };
        // RSA.Create(bits) generates lazily on first use; force it here so generation happens on the calling
        // thread (the parallel key-generation phase), not later during sequential signing.
        if (key is RSA rsa) _ = rsa.ExportParameters(false);
        return new KeyPair(key, algorithm);
    }

    /// <summary>
    /// Reads a private key from PEM: <c>PRIVATE KEY</c> (PKCS#8, RSA or EC), <c>RSA PRIVATE KEY</c> (PKCS#1) or
    /// <c>EC PRIVATE KEY</c> (SEC1; a preceding <c>EC PARAMETERS</c> block is skipped).
    /// </summary>
    /// <param name="pem">The PEM text.</param>
    /// <param name="source">Where it came from (file path), used in error messages.</param>
    /// <exception cref="PkiException">The text holds no private key, an encrypted key, or a key of an unsupported type.</exception>
    public static KeyPair FromPem(string pem, string source = "private key")
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (EncryptedKeyReader.IsLegacyEncrypted(pem))
            throw new PkiException($"{source}: the private key is encrypted (OpenSSL 'Proc-Type: 4,ENCRYPTED'); pass its password to KeyPair.FromEncryptedPem(pem, password) or KeyPair.LoadEncrypted(path, password), or decrypt it with 'openssl pkey -in KEY -out KEY.plain'.");
        var blocks = PemBlock.ParseAll(pem, source);
        foreach (var b in blocks)
        {
            switch (b.Label)
            {
                case "PRIVATE KEY": return FromPkcs8(b.Der, source);
                case "RSA PRIVATE KEY": return Wrap(source, () => { var r = RSA.Create(); r.ImportRSAPrivateKey(b.Der, out _); return r; });
                case "EC PRIVATE KEY": return Wrap(source, () => { var e = ECDsa.Create(); e.ImportECPrivateKey(b.Der, out _); return e; });
                case "ENCRYPTED PRIVATE KEY":
                    throw new PkiException($"{source}: the private key is encrypted (PKCS#8); pass its password to KeyPair.FromEncryptedPem(pem, password) or KeyPair.LoadEncrypted(path, password), or decrypt it with 'openssl pkey -in KEY -out KEY.plain'.");
            }
        }
        throw new PkiException($"{source}: no private key found (PEM labels present: {string.Join(", ", blocks.Select(b => b.Label))}); expected 'PRIVATE KEY', 'RSA PRIVATE KEY' or 'EC PRIVATE KEY'.");
    }

    /// <summary>Reads a private key PEM file.</summary>
    /// <param name="path">A local path to an unencrypted private key PEM file (formats as for <see cref="FromPem"/>; for an encrypted one use <see cref="LoadEncrypted"/>).</param>
    /// <exception cref="PkiException">The file cannot be read, or holds no supported unencrypted private key (see <see cref="FromPem"/>); the message names <paramref name="path"/>.</exception>
    public static KeyPair Load(string path) => FromPem(PemFile.Read(path), path);

    /// <summary>
    /// Reads a password-protected private key that users bring: PKCS#8 <c>ENCRYPTED PRIVATE KEY</c> (PBES2, read by
    /// the BCL) or OpenSSL's legacy encrypted PEM (<c>Proc-Type: 4,ENCRYPTED</c> with <c>DEK-Info</c>: AES-128/192/256-CBC,
    /// DES-EDE3-CBC — what <c>openssl genrsa -aes256</c> and older tools write), which the BCL cannot read, through
    /// BouncyCastle. An unencrypted key is read as by <see cref="FromPem(string, string)"/> (the password is ignored).
    /// The decrypted key lives only in memory; K8sBare writes it out unencrypted (0600) where a component needs it.
    /// </summary>
    /// <param name="pem">The PEM text.</param>
    /// <param name="password">The key's password (never logged or kept).</param>
    /// <param name="source">Where it came from (file path), used in error messages.</param>
    /// <exception cref="PkiException">The password is wrong, the cipher is unsupported, or the key is of an unsupported type.</exception>
    public static KeyPair FromEncryptedPem(string pem, ReadOnlySpan<char> password, string source = "private key")
    {
        ArgumentNullException.ThrowIfNull(pem);
        var der = EncryptedKeyReader.TryDecryptToPkcs8(pem, password, source);
        if (der is null) return FromPem(pem, source);
        try { return FromPkcs8(der, source); }
        finally { CryptographicOperations.ZeroMemory(der); }
    }

    /// <summary>Reads a password-protected private key PEM file (see <see cref="FromEncryptedPem"/>).</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="password">The key's password.</param>
    /// <exception cref="PkiException">As <see cref="FromEncryptedPem"/>; also when the file cannot be read.</exception>
    public static KeyPair LoadEncrypted(string path, ReadOnlySpan<char> password) => FromEncryptedPem(PemFile.Read(path), password, path);

    /// <summary>Wraps an existing framework key (RSA 2048/3072/4096 or ECDSA P-256/P-384). The key is owned by the result.</summary>
    /// <param name="key">An <see cref="RSA"/> or <see cref="ECDsa"/> object holding a private key; disposed with the result.</param>
    /// <param name="source">A description of where the key came from, used in error messages.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="PkiException">The key is neither RSA nor ECDSA, an RSA key is not 2048, 3072 or 4096 bits, or the curve is not P-256/P-384.</exception>
    public static KeyPair FromKey(AsymmetricAlgorithm key, string source = "key")
    {
        ArgumentNullException.ThrowIfNull(key);
        return new KeyPair(key, Classify(key, source));
    }

    /// <summary>Writes the private key as PEM (LF endings, trailing newline).</summary>
    /// <param name="format">PKCS#8 (<c>PRIVATE KEY</c>, RFC 5208) or the per-algorithm form: PKCS#1 (<c>RSA PRIVATE KEY</c>, RFC 8017) for RSA, SEC1 (<c>EC PRIVATE KEY</c>, RFC 5915) for ECDSA.</param>
    /// <returns>Unencrypted key PEM text: a secret, to be written with mode 0600 (<see cref="PemFile.WritePrivateAsync"/>) and never logged.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> is not a defined <see cref="PrivateKeyFormat"/>.</exception>
    public string ToPem(PrivateKeyFormat format = PrivateKeyFormat.Pkcs8)
    {
        var der = (format, Key) switch
        {
            (PrivateKeyFormat.Pkcs8, _) => Key.ExportPkcs8PrivateKey(),
            (PrivateKeyFormat.Pkcs1, RSA rsa) => rsa.ExportRSAPrivateKey(),
            (PrivateKeyFormat.Pkcs1, ECDsa ec) => ec.ExportECPrivateKey(),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown private key format"),
        };
        var label = (format, Key) switch
        {
            (PrivateKeyFormat.Pkcs8, _) => "PRIVATE KEY",
            (_, RSA) => "RSA PRIVATE KEY",
            _ => "EC PRIVATE KEY",
        };
        try { return new PemBlock(label, der).ToPem(); }
        finally { CryptographicOperations.ZeroMemory(der); }
    }

    /// <summary>The public key as PEM <c>PUBLIC KEY</c> (SubjectPublicKeyInfo), e.g. the service-account <c>sa.pub</c>.</summary>
    public string PublicKeyPem() => new PemBlock("PUBLIC KEY", Key.ExportSubjectPublicKeyInfo()).ToPem();

    /// <summary>The DER SubjectPublicKeyInfo of the public key.</summary>
    public byte[] SubjectPublicKeyInfo() => Key.ExportSubjectPublicKeyInfo();

    /// <summary>True when <paramref name="certificate"/> carries this key's public half.</summary>
    /// <param name="certificate">The certificate to compare with (its SubjectPublicKeyInfo is compared byte for byte).</param>
    /// <exception cref="ArgumentNullException"><paramref name="certificate"/> is null.</exception>
    public bool Matches(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return SubjectPublicKeyInfo().AsSpan().SequenceEqual(certificate.PublicKey.ExportSubjectPublicKeyInfo());
    }

    /// <summary>Throws <see cref="PkiException"/> when the key does not belong to <paramref name="certificate"/>.</summary>
    /// <param name="certificate">The certificate the key should belong to.</param>
    /// <param name="where">What the key is (file path or description), named first in the error message.</param>
    /// <exception cref="PkiException">The certificate's public key differs from this key's.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="certificate"/> is null.</exception>
    public void EnsureMatches(X509Certificate2 certificate, string where)
    {
        if (!Matches(certificate))
            throw new PkiException($"{where}: the private key does not match the certificate '{certificate.Subject}' (different public key). Use the key the certificate was issued for, or re-issue the certificate.");
    }

    /// <summary>A copy of this key in a new framework object (used to sign from several threads at once).</summary>
    public KeyPair Clone()
    {
        var der = Key.ExportPkcs8PrivateKey();
        try { return FromPkcs8(der, "key"); }
        finally { CryptographicOperations.ZeroMemory(der); }
    }

    /// <summary>The hash the signatures made with this key use (SHA-384 for P-384, otherwise SHA-256), as Go's x509 picks it.</summary>
    public HashAlgorithmName SignatureHash => Algorithm == KeyAlgorithm.EcdsaP384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;

    /// <summary>A signature generator for certificates issued with this key.</summary>
    internal X509SignatureGenerator SignatureGenerator() => Key switch
    {
        RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
        ECDsa ec => X509SignatureGenerator.CreateForECDsa(ec),
        _ => throw new InvalidOperationException("unsupported key"),
    };

    /// <summary>A certificate request for this key (hash and padding chosen like Go).</summary>
    internal CertificateRequest CreateRequest(X500DistinguishedName subject) => Key switch
    {
        RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        ECDsa ec => new CertificateRequest(subject, ec, SignatureHash),
        _ => throw new InvalidOperationException("unsupported key"),
    };

    /// <inheritdoc />
    public void Dispose() => Key.Dispose();

    private static KeyPair FromPkcs8(byte[] der, string source)
    {
        string oid;
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.BER);
            var seq = reader.ReadSequence();
            seq.ReadInteger();
            var alg = seq.ReadSequence();
            oid = alg.ReadObjectIdentifier();
        }
        catch (AsnContentException e)
        {
            throw new PkiException($"{source}: malformed PKCS#8 private key: {e.Message}", e);
        }
        return oid switch
        {
            RsaOid => Wrap(source, () => { var r = RSA.Create(); r.ImportPkcs8PrivateKey(der, out _); return r; }),
            EcOid => Wrap(source, () => { var e = ECDsa.Create(); e.ImportPkcs8PrivateKey(der, out _); return e; }),
            _ => throw new PkiException($"{source}: unsupported private key algorithm (OID {oid}); K8sBare supports RSA and ECDSA P-256/P-384."),
        };
    }

    private static KeyPair Wrap(string source, Func<AsymmetricAlgorithm> import)
    {
        AsymmetricAlgorithm key;
        try { key = import(); }
        catch (CryptographicException e)
        {
            throw new PkiException($"{source}: malformed private key: {e.Message}", e);
        }
        try { return new KeyPair(key, Classify(key, source)); }
        catch { key.Dispose(); throw; }
    }

    private static KeyAlgorithm Classify(AsymmetricAlgorithm key, string source)
    {
        switch (key)
        {
            case RSA rsa:
                return rsa.KeySize switch
                {
                    2048 => KeyAlgorithm.Rsa2048,
                    3072 => KeyAlgorithm.Rsa3072,
                    4096 => KeyAlgorithm.Rsa4096,
                    var n => throw new PkiException($"{source}: RSA key of {n} bits is not supported; use 2048, 3072 or 4096 bits."),
                };
            case ECDsa ec:
                var p = ec.ExportParameters(false);
                var name = p.Curve.Oid?.Value ?? p.Curve.Oid?.FriendlyName;
                return name switch
                {
                    "1.2.840.10045.3.1.7" or "nistP256" or "ECDSA_P256" => KeyAlgorithm.EcdsaP256,
                    "1.3.132.0.34" or "nistP384" or "ECDSA_P384" => KeyAlgorithm.EcdsaP384,
                    _ => throw new PkiException($"{source}: ECDSA curve '{name ?? "explicit parameters"}' is not supported; use P-256 or P-384."),
                };
            default:
                throw new PkiException($"{source}: unsupported key type {key.GetType().Name}; use RSA or ECDSA.");
        }
    }
}
