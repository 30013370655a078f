using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace K8sBare.Pki.Keys;

/// <summary>
/// Decrypts the password-protected private keys users bring, to unencrypted PKCS#8 DER. PKCS#8
/// <c>ENCRYPTED PRIVATE KEY</c> goes through the BCL; OpenSSL's legacy encrypted PEM (RFC 1421 headers
/// <c>Proc-Type: 4,ENCRYPTED</c> / <c>DEK-Info</c>), which the BCL cannot read, through BouncyCastle — the one place
/// K8sBare.Pki uses it (the measurement behind that choice: <c>benchmarks/results/pki.md</c>, "BCL vs BouncyCastle").
/// </summary>
internal static class EncryptedKeyReader
{
    private const string EncryptedPkcs8Label = "-----BEGIN ENCRYPTED PRIVATE KEY-----";

    /// <summary>True when the text holds an OpenSSL legacy encrypted PEM key.</summary>
    public static bool IsLegacyEncrypted(string pem) =>
        pem.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal) && pem.Contains("DEK-Info:", StringComparison.Ordinal);

    /// <summary>The key as unencrypted PKCS#8 DER (caller zeroes it), or null when the text holds no encrypted key.</summary>
    public static byte[]? TryDecryptToPkcs8(string pem, ReadOnlySpan<char> password, string source)
    {
        if (pem.Contains(EncryptedPkcs8Label, StringComparison.Ordinal)) return DecryptPkcs8(pem, password, source);
        if (IsLegacyEncrypted(pem)) return DecryptLegacy(pem, password.ToArray(), source);
        return null;
    }

    private static byte[] DecryptPkcs8(string pem, ReadOnlySpan<char> password, string source)
    {
        // The BCL decrypts PBES1/PBES2 PKCS#8; the algorithm inside decides which framework type can import it.
        foreach (var create in new Func<AsymmetricAlgorithm>[] { RSA.Create, () => ECDsa.Create() })
        {
            using var key = create();
            try
            {
                key.ImportFromEncryptedPem(pem, password);
                return key.ExportPkcs8PrivateKey();
            }
            catch (CryptographicException) { }
            catch (ArgumentException) { }
        }
        throw new PkiException($"{source}: cannot decrypt the PKCS#8 private key: the password is wrong, or the key is not RSA/ECDSA. Check the password, or decrypt it with 'openssl pkey -in KEY -out KEY.plain'.");
    }

    private static byte[] DecryptLegacy(string pem, char[] password, string source)
    {
        try
        {
            using var reader = new StringReader(pem);
            var pemReader = new PemReader(reader, new Password(password));
            object? read;
            while ((read = pemReader.ReadObject()) is not null)
            {
                var privateKey = read switch
                {
                    AsymmetricCipherKeyPair pair => pair.Private,
                    AsymmetricKeyParameter { IsPrivate: true } p => p,
                    _ => null,
                };
                if (privateKey is not null)
                    return PrivateKeyInfoFactory.CreatePrivateKeyInfo(privateKey).GetDerEncoded();
            }
        }
        catch (Exception e) when (e is PemException or InvalidCipherTextException or IOException or SecurityUtilityException or ArgumentException)
        {
            throw new PkiException($"{source}: cannot decrypt the OpenSSL-encrypted private key ({e.GetType().Name}): the password is wrong or the cipher in DEK-Info is unsupported (AES-128/192/256-CBC and DES-EDE3-CBC are). Check the password, or decrypt it with 'openssl pkey -in KEY -out KEY.plain'.", e);
        }
        finally { Array.Clear(password); }
        throw new PkiException($"{source}: the encrypted PEM holds no private key.");
    }

    private sealed class Password(char[] password) : IPasswordFinder
    {
        public char[] GetPassword() => (char[])password.Clone();
    }
}
