using System.Security.Cryptography;
using K8sBare.Pki.Pem;

namespace K8sBare.Pki.Keys;

/// <summary>A public key on its own (the service-account <c>sa.pub</c>): read and write PEM <c>PUBLIC KEY</c>.</summary>
public static class PublicKeyPem
{
    /// <summary>Writes a SubjectPublicKeyInfo as PEM <c>PUBLIC KEY</c>.</summary>
    public static string Write(AsymmetricAlgorithm key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new PemBlock("PUBLIC KEY", key.ExportSubjectPublicKeyInfo()).ToPem();
    }

    /// <summary>
    /// Reads a public key from PEM <c>PUBLIC KEY</c> (SubjectPublicKeyInfo) or <c>RSA PUBLIC KEY</c> (PKCS#1)
    /// and returns an <see cref="RSA"/> or <see cref="ECDsa"/> holding only the public half.
    /// </summary>
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
