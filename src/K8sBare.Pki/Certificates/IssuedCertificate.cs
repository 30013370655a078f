using System.Security.Cryptography.X509Certificates;
using K8sBare.Pki.Keys;
using K8sBare.Pki.Pem;

namespace K8sBare.Pki.Certificates;

/// <summary>A certificate with its private key (the key is absent for certificates signed from a CSR).</summary>
public sealed class IssuedCertificate : IDisposable
{
    /// <summary>Pairs a certificate with its key (ownership of both moves to this object).</summary>
    /// <param name="certificate">The certificate (any private key attached to it is ignored); disposed with this object.</param>
    /// <param name="key">Its private key, or null when only the certificate is known (e.g. signed from a CSR); not checked against the certificate here (see <see cref="KeyPair.EnsureMatches"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="certificate"/> is null.</exception>
    public IssuedCertificate(X509Certificate2 certificate, KeyPair? key)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        _certificate = certificate;
        _der = certificate.RawData;
        Key = key;
    }

    /// <summary>A freshly signed certificate as DER; the <see cref="X509Certificate2"/> is created on first use.</summary>
    internal IssuedCertificate(byte[] der, KeyPair? key)
    {
        _der = der;
        Key = key;
    }

    private readonly byte[] _der;
    private X509Certificate2? _certificate;

    /// <summary>The certificate (no private key attached), created from the DER on first access.</summary>
    public X509Certificate2 Certificate
    {
        get
        {
            if (_certificate is { } c) return c;
            var loaded = CertificatePemReader.FromDer(_der);
            var winner = Interlocked.CompareExchange(ref _certificate, loaded, null);
            if (winner is null) return loaded;
            loaded.Dispose();
            return winner;
        }
    }

    /// <summary>The certificate's DER encoding.</summary>
    public ReadOnlyMemory<byte> RawData => _der;

    /// <summary>The private key, or null when only the certificate is known.</summary>
    public KeyPair? Key { get; }

    /// <summary>The certificate as PEM (LF endings, trailing newline); encoded once, then cached (it holds no secret).</summary>
    public string CertificatePem
    {
        get
        {
            // The DER never changes, so racing threads compute the same text; whichever copy is stored is fine.
            if (_certificatePem is { } pem) return pem;
            pem = new PemBlock("CERTIFICATE", _der).ToPem();
            return Interlocked.CompareExchange(ref _certificatePem, pem, null) ?? pem;
        }
    }

    private string? _certificatePem;

    /// <summary>The private key as PEM; throws when there is no key.</summary>
    /// <param name="format">PKCS#8 (<c>PRIVATE KEY</c>) or the per-algorithm PKCS#1/SEC1 form; see <see cref="PrivateKeyFormat"/>.</param>
    /// <returns>Unencrypted key PEM: a secret (write it with mode 0600, never log it).</returns>
    /// <exception cref="PkiException"><see cref="Key"/> is null.</exception>
    public string KeyPem(PrivateKeyFormat format = PrivateKeyFormat.Pkcs8) =>
        (Key ?? throw new PkiException($"certificate '{Certificate.Subject}' has no private key here (it was signed from a CSR or loaded without its key)."))
        .ToPem(format);

    /// <summary>Writes the certificate (0644) and, when present, the key (0600).</summary>
    /// <param name="certificatePath">Local path of the certificate PEM file (mode 0644), replaced atomically.</param>
    /// <param name="keyPath">Local path of the key PEM file (mode 0600, written first), or null to write the certificate only; ignored when <see cref="Key"/> is null.</param>
    /// <param name="format">Private key PEM form (see <see cref="PrivateKeyFormat"/>).</param>
    /// <param name="cancellationToken">Cancels the writes; a file already written stays.</param>
    /// <exception cref="PkiException">A file or its folder cannot be written.</exception>
    public async Task WriteAsync(string certificatePath, string? keyPath, PrivateKeyFormat format = PrivateKeyFormat.Pkcs8,
        CancellationToken cancellationToken = default)
    {
        if (keyPath is not null && Key is not null)
            await PemFile.WritePrivateAsync(keyPath, Key.ToPem(format), cancellationToken).ConfigureAwait(false);
        await PemFile.WritePublicAsync(certificatePath, CertificatePem, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Loads a certificate PEM file and, when <paramref name="keyPath"/> is given, its key, checking that they match.
    /// </summary>
    /// <param name="certificatePath">Local path of a PEM file whose first <c>CERTIFICATE</c> block is used.</param>
    /// <param name="keyPath">Local path of the unencrypted private key PEM file (PKCS#8, PKCS#1 or SEC1), or null to load the certificate alone.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <exception cref="PkiException">A file cannot be read or parsed, the key is encrypted or unsupported, or it does not match the certificate.</exception>
    public static async Task<IssuedCertificate> LoadAsync(string certificatePath, string? keyPath, CancellationToken cancellationToken = default)
    {
        var cert = CertificatePemReader.Read(await PemFile.ReadAsync(certificatePath, cancellationToken).ConfigureAwait(false), certificatePath);
        if (keyPath is null) return new IssuedCertificate(cert, null);
        var key = KeyPair.FromPem(await PemFile.ReadAsync(keyPath, cancellationToken).ConfigureAwait(false), keyPath);
        try
        {
            key.EnsureMatches(cert, $"{keyPath} (for {certificatePath})");
        }
        catch
        {
            key.Dispose();
            cert.Dispose();
            throw;
        }
        return new IssuedCertificate(cert, key);
    }

    /// <summary>PEM text of any certificate.</summary>
    /// <param name="certificate">The certificate; only its DER (<see cref="X509Certificate.GetRawCertData"/>) is encoded, never a private key.</param>
    /// <returns>One <c>CERTIFICATE</c> block, LF endings, trailing newline.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="certificate"/> is null.</exception>
    public static string CertificatePemOf(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new PemBlock("CERTIFICATE", certificate.RawData).ToPem();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _certificate?.Dispose();
        Key?.Dispose();
    }
}
