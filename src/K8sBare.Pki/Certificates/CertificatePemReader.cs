using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using K8sBare.Pki.Pem;

namespace K8sBare.Pki.Certificates;

/// <summary>Reads X.509 certificates from PEM text.</summary>
public static class CertificatePemReader
{
    /// <summary>Reads the first <c>CERTIFICATE</c> block.</summary>
    /// <param name="pem">PEM text (not a path); other blocks (keys, CSRs) and text between blocks are skipped.</param>
    /// <param name="source">Where the text came from (file path or description), used in error messages.</param>
    /// <returns>The first certificate, owned by the caller (dispose it); any further certificates are parsed, then dropped.</returns>
    /// <exception cref="PkiException">The text is not PEM, holds no <c>CERTIFICATE</c> block, or a certificate does not parse as X.509 DER (RFC 5280).</exception>
    public static X509Certificate2 Read(string pem, string source = "certificate") => ReadAll(pem, source)[0];

    /// <summary>Reads every <c>CERTIFICATE</c> block (a chain or a bundle), in order.</summary>
    /// <param name="pem">PEM text (not a path); other blocks (keys, CSRs) and text between blocks are skipped.</param>
    /// <param name="source">Where the text came from (file path or description), used in error messages.</param>
    /// <returns>At least one certificate, in file order; the caller owns (and disposes) them.</returns>
    /// <exception cref="PkiException">The text is not PEM, holds no <c>CERTIFICATE</c> block, or a certificate does not parse as X.509 DER (RFC 5280).</exception>
    public static IReadOnlyList<X509Certificate2> ReadAll(string pem, string source = "certificate")
    {
        var certs = new List<X509Certificate2>();
        foreach (var b in PemBlock.ParseAll(pem, source))
        {
            if (b.Label != "CERTIFICATE") continue;
            certs.Add(FromDer(b.Der, source));
        }
        if (certs.Count == 0)
            throw new PkiException($"{source}: no 'CERTIFICATE' PEM block found (is this a key or a CSR?).");
        return certs;
    }

    /// <summary>Parses a DER certificate.</summary>
    /// <param name="der">The DER encoding of one X.509 certificate (RFC 5280), e.g. <see cref="PemBlock.Der"/> of a <c>CERTIFICATE</c> block.</param>
    /// <param name="source">Where the bytes came from, used in error messages.</param>
    /// <returns>The certificate without a private key, owned by the caller.</returns>
    /// <exception cref="PkiException">The bytes are not a well-formed certificate.</exception>
    public static X509Certificate2 FromDer(byte[] der, string source = "certificate")
    {
        try
        {
#if NET9_0_OR_GREATER
            return X509CertificateLoader.LoadCertificate(der);
#else
            return new X509Certificate2(der);
#endif
        }
        catch (CryptographicException e)
        {
            throw new PkiException($"{source}: malformed certificate: {e.Message}", e);
        }
    }
}
