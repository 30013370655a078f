using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using K8sBare.Pki.Pem;

namespace K8sBare.Pki.Certificates;

/// <summary>Reads X.509 certificates from PEM text.</summary>
public static class CertificatePemReader
{
    /// <summary>Reads the first <c>CERTIFICATE</c> block.</summary>
    /// <exception cref="PkiException">No certificate block, or it does not parse.</exception>
    public static X509Certificate2 Read(string pem, string source = "certificate") => ReadAll(pem, source)[0];

    /// <summary>Reads every <c>CERTIFICATE</c> block (a chain or a bundle), in order.</summary>
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
