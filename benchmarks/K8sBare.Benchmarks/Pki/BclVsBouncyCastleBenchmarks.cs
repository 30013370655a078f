using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using BcX509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace K8sBare.Benchmarks.Pki;

/// <summary>
/// Issue 10's "weigh BouncyCastle by measurement": what K8sBare.Pki does — RSA-2048 and ECDSA P-256 key generation,
/// issuing a leaf certificate from a CA, writing a key as PEM — with the BCL (System.Security.Cryptography,
/// OpenSSL underneath on Linux) and with BouncyCastle.Cryptography 2.7.0 (pure managed). The decision and the
/// figures are in src/K8sBare.Pki/README.md and benchmarks/results/pki.md.
/// </summary>
[MemoryDiagnoser]
public class BclVsBouncyCastleBenchmarks
{
    private readonly SecureRandom _random = new();
    private ECDsa _bclCa = null!;
    private X509Certificate2 _bclCaCert = null!;
    private ECDsa _bclLeafKey = null!;
    private AsymmetricCipherKeyPair _bcCa = null!;
    private AsymmetricCipherKeyPair _bcLeafKey = null!;
    private X509Name _bcCaName = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bclCa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest("CN=kubernetes", _bclCa, HashAlgorithmName.SHA256);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        _bclCaCert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(10));
        _bclLeafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _bcCa = BcEcKey();
        _bcLeafKey = BcEcKey();
        _bcCaName = new X509Name("CN=kubernetes");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bclCa.Dispose();
        _bclCaCert.Dispose();
        _bclLeafKey.Dispose();
    }

    [Benchmark(Description = "BCL: RSA-2048 key")]
    public int BclRsa2048()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportParameters(false).Modulus!.Length;
    }

    [Benchmark(Description = "BouncyCastle: RSA-2048 key")]
    public int BcRsa2048()
    {
        var gen = new RsaKeyPairGenerator();
        gen.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(65537), _random, 2048, 100));
        return ((RsaKeyParameters)gen.GenerateKeyPair().Public).Modulus.BitLength;
    }

    [Benchmark(Description = "BCL: ECDSA P-256 key")]
    public int BclP256()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return ec.ExportParameters(false).Q.X!.Length;
    }

    [Benchmark(Description = "BouncyCastle: ECDSA P-256 key")]
    public int BcP256() => ((ECPublicKeyParameters)BcEcKey().Public).Q.GetEncoded().Length;

    [Benchmark(Description = "BCL: issue a P-256 leaf (SANs, EKU)")]
    public int BclIssue()
    {
        var req = new CertificateRequest("CN=system:node:node-1, O=system:nodes", _bclLeafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("node-1");
        san.AddIpAddress(System.Net.IPAddress.Parse("10.0.0.11"));
        req.CertificateExtensions.Add(san.Build());
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var cert = req.Create(_bclCaCert, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddYears(1), serial);
        return cert.RawData.Length;
    }

    [Benchmark(Description = "BouncyCastle: issue a P-256 leaf (SANs, EKU)")]
    public int BcIssue()
    {
        var gen = new X509V3CertificateGenerator();
        gen.SetSerialNumber(new BigInteger(127, _random));
        gen.SetIssuerDN(_bcCaName);
        gen.SetSubjectDN(new X509Name("CN=system:node:node-1,O=system:nodes"));
        gen.SetNotBefore(DateTime.UtcNow);
        gen.SetNotAfter(DateTime.UtcNow.AddYears(1));
        gen.SetPublicKey(_bcLeafKey.Public);
        gen.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames([
            new GeneralName(GeneralName.DnsName, "node-1"), new GeneralName(GeneralName.IPAddress, "10.0.0.11")]));
        gen.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeID.id_kp_serverAuth, KeyPurposeID.id_kp_clientAuth));
        BcX509Certificate cert = gen.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", _bcCa.Private, _random));
        return cert.GetEncoded().Length;
    }

    [Benchmark(Description = "BCL: key to PKCS#8 PEM")]
    public int BclPem() => PemEncoding.Write("PRIVATE KEY", _bclLeafKey.ExportPkcs8PrivateKey()).Length;

    [Benchmark(Description = "BouncyCastle: key to PKCS#8 PEM")]
    public int BcPem()
    {
        using var sw = new StringWriter();
        var writer = new PemWriter(sw);
        writer.WriteObject(new Pkcs8Generator(_bcLeafKey.Private));
        writer.Writer.Flush();
        return sw.ToString().Length;
    }

    private AsymmetricCipherKeyPair BcEcKey()
    {
        var gen = new ECKeyPairGenerator();
        gen.Init(new ECKeyGenerationParameters(Org.BouncyCastle.Asn1.X9.ECNamedCurveTable.GetOid("P-256"), _random));
        return gen.GenerateKeyPair();
    }
}
