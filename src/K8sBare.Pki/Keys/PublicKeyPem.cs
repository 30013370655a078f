using System.Security.Cryptography;
using K8sBare.Pki.Pem;

namespace K8sBare.Pki.Keys;

/// <summary>A public key on its own (the service-account <c>sa.pub</c>): read and write PEM <c>PUBLIC KEY</c>.</summary>
public static class PublicKeyPem
{
    /// <summary>Writes a SubjectPublicKeyInfo as PEM <c>PUBLIC KEY</c>.</summary>
    /// <param name="key">An RSA or ECDSA key (private or public only); only its public half is written.</param>
    /// <returns>PEM text with one <c>PUBLIC KEY</c> block (SubjectPublicKeyInfo, RFC 5280 §4.1.2.7), LF endings.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public static string Write(AsymmetricAlgorithm key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new PemBlock("PUBLIC KEY", key.ExportSubjectPublicKeyInfo()).ToPem();
    }

    /// <summary>
    /// Reads a public key from PEM <c>PUBLIC KEY</c> (SubjectPublicKeyInfo) or <c>RSA PUBLIC KEY</c> (PKCS#1)
    /// and returns an <see cref="RSA"/> or <see cref="ECDsa"/> holding only the public half.
    /// </summary>
    /// <param name="pem">PEM text (not a path); the first <c>PUBLIC KEY</c> or <c>RSA PUBLIC KEY</c> block is used.</param>
    /// <param name="source">Where the text came from (file path or description), used in error messages.</param>
    /// <returns>A new key object owned by the caller (dispose it).</returns>
    /// <exception cref="PkiException">The text is not PEM, holds no public-key block, or the key is malformed.</exception>
    public static AsymmetricAlgorithm Read(string pem, string source = "public key")
    {
        foreach (var b in PemBlock.ParseAll(pem, source))
        {
            try
            {
                switch (b.Label)
                {
                    case "RSA PUBLIC KEY":
                    {
                        var r = RSA.Create();
                        r.ImportRSAPublicKey(b.Der, out _);
                        return r;
                    }
                    case "PUBLIC KEY":
                    {
                        try
                        {
                            var r = RSA.Create();
                            r.ImportSubjectPublicKeyInfo(b.Der, out _);
                            return r;
                        }
                        catch (CryptographicException)
                        {
                            var e = ECDsa.Create();
                            e.ImportSubjectPublicKeyInfo(b.Der, out _);
                            return e;
                        }
                    }
                }
            }
            catch (CryptographicException e)
            {
                throw new PkiException($"{source}: malformed public key: {e.Message}", e);
            }
        }
        throw new PkiException($"{source}: no 'PUBLIC KEY' or 'RSA PUBLIC KEY' PEM block found.");
    }
}
