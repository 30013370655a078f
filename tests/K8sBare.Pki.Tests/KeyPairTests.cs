using K8sBare.Pki.Keys;
using K8sBare.Testing;

namespace K8sBare.Pki.Tests;

public class KeyPairTests
{
    [Theory]
    [InlineData(KeyAlgorithm.Rsa2048, PrivateKeyFormat.Pkcs8, "PRIVATE KEY")]
    [InlineData(KeyAlgorithm.Rsa2048, PrivateKeyFormat.Pkcs1, "RSA PRIVATE KEY")]
    [InlineData(KeyAlgorithm.EcdsaP256, PrivateKeyFormat.Pkcs8, "PRIVATE KEY")]
    [InlineData(KeyAlgorithm.EcdsaP384, PrivateKeyFormat.Pkcs1, "EC PRIVATE KEY")]
    public void Pem_round_trip_preserves_the_key(KeyAlgorithm alg, PrivateKeyFormat format, string label)
    {
        using var key = KeyPair.Generate(alg);
        var pem = key.ToPem(format);
        Assert.StartsWith($"-----BEGIN {label}-----\n", pem);
        Assert.EndsWith($"-----END {label}-----\n", pem);
        Assert.DoesNotContain("\r", pem);
        using var back = KeyPair.FromPem(pem);
        Assert.Equal(alg, back.Algorithm);
        Assert.Equal(key.SubjectPublicKeyInfo(), back.SubjectPublicKeyInfo());
    }

    [RequiresTheory("openssl")]
    [InlineData("genrsa", "3072", KeyAlgorithm.Rsa3072)]
    [InlineData("ecparam", "prime256v1", KeyAlgorithm.EcdsaP256)]
    [InlineData("genpkey", "RSA", KeyAlgorithm.Rsa2048)]
    public void Keys_written_by_openssl_are_read(string mode, string arg, KeyAlgorithm expected)
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("k.pem");
        _ = mode switch
        {
            "genrsa" => ProcessRunner.Run("openssl", "genrsa", "-traditional", "-out", path, arg),
            // 'ecparam -genkey' writes an EC PARAMETERS block before the SEC1 key.
            "ecparam" => ProcessRunner.Run("openssl", "ecparam", "-name", arg, "-genkey", "-out", path),
            _ => ProcessRunner.Run("openssl", "genpkey", "-algorithm", arg, "-out", path),
        };
        using var key = KeyPair.Load(path);
        Assert.Equal(expected, key.Algorithm);
        var pub = ProcessRunner.Run("openssl", "pkey", "-in", path, "-pubout").EnsureSuccess("pkey").StdOut;
        Assert.Equal(pub, key.PublicKeyPem());
    }

    [Fact]
    public void Public_key_alone_round_trips()
    {
        using var key = KeyPair.Generate(KeyAlgorithm.Rsa2048);
        using var pub = PublicKeyPem.Read(key.PublicKeyPem(), "sa.pub");
        Assert.Equal(key.SubjectPublicKeyInfo(), pub.ExportSubjectPublicKeyInfo());
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----\n", PublicKeyPem.Write(pub));
    }

    [Theory]
    [InlineData("", "not PEM")]
    [InlineData("hello", "not PEM")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----\n", "malformed PEM")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "malformed PKCS#8")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "no private key found")]
    [InlineData("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n", "encrypted")]
    public void Malformed_pem_raises_a_clear_error(string pem, string expected)
    {
        var ex = Assert.Throws<PkiException>(() => KeyPair.FromPem(pem, "/tmp/key.pem"));
        Assert.Contains("/tmp/key.pem", ex.Message);
        Assert.Contains(expected, ex.Message);
    }
}
