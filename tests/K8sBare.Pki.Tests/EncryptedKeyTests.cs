using K8sBare.Pki.Keys;
using K8sBare.Testing;

namespace K8sBare.Pki.Tests;

/// <summary>
/// Password-protected keys that users bring, written by the real openssl CLI: OpenSSL's legacy encrypted PEM
/// (<c>Proc-Type: 4,ENCRYPTED</c>, read through BouncyCastle — the BCL cannot) and encrypted PKCS#8 (read by the BCL).
/// The oracle is openssl's own public key for the file, not K8sBare's.
/// </summary>
public class EncryptedKeyTests
{
    private const string Password = "correct horse";

    [RequiresTheory("openssl")]
    [InlineData("legacy-rsa-aes256", KeyAlgorithm.Rsa2048)]
    [InlineData("legacy-rsa-des3", KeyAlgorithm.Rsa2048)]
    [InlineData("legacy-ec-aes128", KeyAlgorithm.EcdsaP256)]
    [InlineData("pkcs8-rsa-aes256", KeyAlgorithm.Rsa2048)]
    [InlineData("pkcs8-ec-aes256", KeyAlgorithm.EcdsaP256)]
    public void Encrypted_keys_written_by_openssl_are_read_with_their_password(string kind, KeyAlgorithm expected)
    {
        using var dir = new TempDirectory();
        var path = Write(dir, kind);
        var text = File.ReadAllText(path);
        Assert.Contains(kind.StartsWith("legacy", StringComparison.Ordinal) ? "Proc-Type: 4,ENCRYPTED" : "BEGIN ENCRYPTED PRIVATE KEY", text);

        using var key = KeyPair.LoadEncrypted(path, Password);
        Assert.Equal(expected, key.Algorithm);
        var pub = ProcessRunner.Run("openssl", "pkey", "-in", path, "-passin", "pass:" + Password, "-pubout").EnsureSuccess("openssl pkey -pubout").StdOut;
        Assert.Equal(pub, key.PublicKeyPem());
    }

    [RequiresTheory("openssl")]
    [InlineData("legacy-rsa-aes256")]
    [InlineData("pkcs8-rsa-aes256")]
    public void A_wrong_password_is_refused_with_the_fix(string kind)
    {
        using var dir = new TempDirectory();
        var path = Write(dir, kind);
        var e = Assert.Throws<PkiException>(() => KeyPair.LoadEncrypted(path, "wrong"));
        Assert.Contains(path, e.Message);
        Assert.Contains("password is wrong", e.Message);
    }

    [RequiresTheory("openssl")]
    [InlineData("legacy-rsa-aes256", "Proc-Type")]
    [InlineData("pkcs8-rsa-aes256", "PKCS#8")]
    public void Without_a_password_an_encrypted_key_is_refused_naming_the_overload(string kind, string format)
    {
        using var dir = new TempDirectory();
        var path = Write(dir, kind);
        var e = Assert.Throws<PkiException>(() => KeyPair.Load(path));
        Assert.Contains(format, e.Message);
        Assert.Contains("KeyPair.LoadEncrypted(path, password)", e.Message);
    }

    [Fact]
    public void An_unencrypted_key_is_read_by_the_encrypted_overload_too()
    {
        using var key = KeyPair.Generate(KeyAlgorithm.EcdsaP256);
        using var back = KeyPair.FromEncryptedPem(key.ToPem(), "ignored");
        Assert.Equal(key.SubjectPublicKeyInfo(), back.SubjectPublicKeyInfo());
    }

    private static string Write(TempDirectory dir, string kind)
    {
        var path = dir.Combine(kind + ".pem");
        var pass = "pass:" + Password;
        switch (kind)
        {
            case "legacy-rsa-aes256":
                ProcessRunner.Run("openssl", "genrsa", "-traditional", "-aes256", "-passout", pass, "-out", path, "2048").EnsureSuccess(kind);
                break;
            case "legacy-rsa-des3":
                ProcessRunner.Run("openssl", "genrsa", "-traditional", "-des3", "-passout", pass, "-out", path, "2048").EnsureSuccess(kind);
                break;
            case "legacy-ec-aes128":
                var plain = dir.Combine("ec-plain.pem");
                ProcessRunner.Run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", plain).EnsureSuccess(kind);
                ProcessRunner.Run("openssl", "ec", "-in", plain, "-aes128", "-passout", pass, "-out", path).EnsureSuccess(kind);
                break;
            case "pkcs8-rsa-aes256":
                ProcessRunner.Run("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-aes-256-cbc", "-pass", pass, "-out", path).EnsureSuccess(kind);
                break;
            case "pkcs8-ec-aes256":
                ProcessRunner.Run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes-256-cbc", "-pass", pass, "-out", path).EnsureSuccess(kind);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
        return path;
    }
}
