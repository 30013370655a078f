using System.Security.Cryptography.X509Certificates;
using K8sBare.Pki.Certificates;
using K8sBare.Pki.Keys;
using K8sBare.Pki.Pem;
using K8sBare.Testing;

namespace K8sBare.Pki.Tests;

public class CertificateAuthorityTests
{
    private static CertificateSpec Kubelet(KeyAlgorithm alg = KeyAlgorithm.EcdsaP256) => new()
    {
        CommonName = "system:node:node-1",
        Organizations = ["system:nodes"],
        OrganizationalUnit = "Infrastructure Unit",
        Locality = "Moscow",
        Province = "Moscow",
        Country = "RU",
        DnsNames = ["node-1"],
        IpAddresses = ["10.0.0.11", "fd00::11"],
        Usage = CertificateUsage.ServerAndClient,
        KeyAlgorithm = alg,
    };

    [RequiresTheory("openssl")]
    [InlineData(KeyAlgorithm.Rsa2048)]
    [InlineData(KeyAlgorithm.EcdsaP256)]
    [InlineData(KeyAlgorithm.EcdsaP384)]
    public async Task Issued_leaf_verifies_with_openssl_and_carries_the_spec(KeyAlgorithm alg)
    {
        using var dir = new TempDirectory();
        using var ca = CertificateAuthority.Create(new CertificateAuthoritySpec { CommonName = "kubernetes", KeyAlgorithm = alg });
        using var leaf = ca.Issue(Kubelet(alg));
        await ca.WriteAsync(dir.Combine("ca.pem"), dir.Combine("ca-key.pem"));
        await leaf.WriteAsync(dir.Combine("node-1.pem"), dir.Combine("node-1-key.pem"));

        var verify = OpenSsl.Verify(dir.Combine("ca.pem"), dir.Combine("node-1.pem"));
        Assert.True(verify.ExitCode == 0, verify.StdOut + verify.StdErr);
        Assert.Contains("node-1.pem: OK", verify.StdOut);

        // Encoded in Go's pkix.Name order: C, ST, L, O, OU, CN (RFC 2253 prints it reversed).
        Assert.Equal("CN=system:node:node-1,OU=Infrastructure Unit,O=system:nodes,L=Moscow,ST=Moscow,C=RU",
            OpenSsl.Subject(dir.Combine("node-1.pem")).Replace("subject=", ""));
        Assert.Contains("Subject: C = RU, ST = Moscow, L = Moscow, O = system:nodes, OU = Infrastructure Unit, CN = system:node:node-1", OpenSsl.Text(dir.Combine("node-1.pem")));
        var text = OpenSsl.Text(dir.Combine("node-1.pem"));
        Assert.Contains("DNS:node-1, IP Address:10.0.0.11, IP Address:FD00:0:0:0:0:0:0:11", text);
        Assert.Contains("TLS Web Server Authentication, TLS Web Client Authentication", text);
        Assert.Contains("X509v3 Basic Constraints: critical\n                CA:FALSE", text);
        Assert.Contains("X509v3 Key Usage: critical\n                Digital Signature" + (alg == KeyAlgorithm.Rsa2048 ? ", Key Encipherment" : "\n"), text);
        Assert.Contains("X509v3 Subject Key Identifier", text);
        Assert.Contains("X509v3 Authority Key Identifier", text);

        var caText = OpenSsl.Text(dir.Combine("ca.pem"));
        Assert.Contains("CA:TRUE", caText);
        Assert.Contains("Certificate Sign", caText);
        // AKI of the leaf is the SKI of the CA.
        var caSki = ca.Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifier;
        var aki = leaf.Certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single().KeyIdentifier!.Value.ToArray();
        Assert.Equal(caSki, Convert.ToHexString(aki));

        // The private key openssl reads back matches the certificate's public key.
        var pub1 = ProcessRunner.Run("openssl", "pkey", "-in", dir.Combine("node-1-key.pem"), "-pubout").EnsureSuccess("pkey").StdOut;
        var pub2 = ProcessRunner.Run("openssl", "x509", "-in", dir.Combine("node-1.pem"), "-noout", "-pubkey").EnsureSuccess("x509").StdOut;
        Assert.Equal(pub2, pub1);
    }

    [Fact]
    public void Serial_is_positive_and_128_bits_and_random()
    {
        using var ca = CertificateAuthority.Create(new CertificateAuthoritySpec { CommonName = "ca", KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
        var serials = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            using var leaf = ca.Issue(new CertificateSpec { CommonName = $"c{i}", KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
            var serial = leaf.Certificate.GetSerialNumber(); // little-endian
            Assert.Equal(16, serial.Length);
            Assert.True(serial[^1] is > 0 and < 0x80);
            Assert.True(serials.Add(leaf.Certificate.SerialNumber));
        }
    }

    [Fact]
    public void Ip_san_that_is_not_an_ip_is_rejected_with_the_field_named()
    {
        using var ca = CertificateAuthority.Create(new CertificateAuthoritySpec { CommonName = "ca", KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
        var ex = Assert.Throws<PkiException>(() => ca.Issue(Kubelet() with { IpAddresses = ["10.0.0.300", "node-1.example"], Country = "Russia" }));
        Assert.Contains("IP SAN '10.0.0.300' is not an IP address", ex.Message);
        Assert.Contains("IP SAN 'node-1.example' is not an IP address", ex.Message);
        Assert.Contains("Country 'Russia'", ex.Message);
    }

    [Fact]
    public void Expired_issuer_is_refused()
    {
        var past = new FixedTime(DateTimeOffset.UtcNow.AddYears(-3));
        using var old = CertificateAuthority.Create(new CertificateAuthoritySpec { CommonName = "old-ca", Validity = TimeSpan.FromDays(365), KeyAlgorithm = KeyAlgorithm.EcdsaP256 }, time: past);
        var ex = Assert.Throws<PkiException>(() => CertificateAuthority.FromPem(old.CertificatePem, old.Key.ToPem(), "old-ca"));
        Assert.Contains("expired", ex.Message);
        Assert.Contains("old-ca", ex.Message);
    }

    [Fact]
    public void Non_ca_issuer_is_refused()
    {
        using var ca = CertificateAuthority.Create(new CertificateAuthoritySpec { CommonName = "ca", KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
        using var leaf = ca.Issue(Kubelet());
        var ex = Assert.Throws<PkiException>(() => CertificateAuthority.FromPem(leaf.CertificatePem, leaf.KeyPem(), "leaf-as-ca"));
        Assert.Contains("is not a CA certificate", ex.Message);
    }

    [Fact]
    public void Key_that_does_not_match_its_certificate_is_refused()
    {
        using var ca = CertificateAuthority.Create(new CertificateAuthoritySpec { CommonName = "ca", KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
        using var other = KeyPair.Generate(KeyAlgorithm.EcdsaP256);
        var ex = Assert.Throws<PkiException>(() => CertificateAuthority.FromPem(ca.CertificatePem, other.ToPem(), "mixed"));
        Assert.Contains("does not match the certificate", ex.Message);
    }

    [RequiresFact("openssl")]
    public void Csr_made_by_openssl_is_signed_with_its_subject_and_sans()
    {
        using var dir = new TempDirectory();
        ProcessRunner.Run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", dir.Combine("k.pem"), "-out", dir.Combine("r.csr"), "-subj", "/O=system:nodes/CN=system:node:w1",
            "-addext", "subjectAltName=DNS:w1,IP:192.0.2.7").EnsureSuccess("openssl req");
        using var ca = CertificateAuthority.Create(new CertificateAuthoritySpec { CommonName = "ca", KeyAlgorithm = KeyAlgorithm.Rsa2048 });
        using var cert = ca.SignCsr(File.ReadAllText(dir.Combine("r.csr")), CertificateUsage.Client, TimeSpan.FromDays(30));
        File.WriteAllText(dir.Combine("c.pem"), IssuedCertificate.CertificatePemOf(cert));
        File.WriteAllText(dir.Combine("ca.pem"), ca.CertificatePem);
        Assert.Equal(0, OpenSsl.Verify(dir.Combine("ca.pem"), dir.Combine("c.pem")).ExitCode);
        var text = OpenSsl.Text(dir.Combine("c.pem"));
        Assert.Contains("Subject: O = system:nodes, CN = system:node:w1", text);
        Assert.Contains("DNS:w1, IP Address:192.0.2.7", text);
        Assert.Contains("TLS Web Client Authentication", text);
        Assert.DoesNotContain("TLS Web Server Authentication", text);
        using var key = KeyPair.Load(dir.Combine("k.pem"));
        Assert.True(key.Matches(cert));
    }

    [Fact]
    public void Garbage_csr_is_refused()
    {
        using var ca = CertificateAuthority.Create(new CertificateAuthoritySpec { CommonName = "ca", KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
        var ex = Assert.Throws<PkiException>(() => ca.SignCsr("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n", CertificateUsage.Client));
        Assert.Contains("CSR", ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Renewal_keeps_identity_and_optionally_the_key(bool keepKey)
    {
        using var ca = CertificateAuthority.Create(new CertificateAuthoritySpec { CommonName = "ca", KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
        using var leaf = ca.Issue(Kubelet() with { Validity = TimeSpan.FromDays(10) });
        using var renewed = ca.Renew(leaf.Certificate, keepKey ? leaf.Key : null, TimeSpan.FromDays(90));
        Assert.Equal(leaf.Certificate.Subject, renewed.Certificate.Subject);
        Assert.Equal(CertificateSpec.FromCertificate(leaf.Certificate).DnsNames, CertificateSpec.FromCertificate(renewed.Certificate).DnsNames);
        Assert.Equal(CertificateSpec.FromCertificate(leaf.Certificate).IpAddresses, CertificateSpec.FromCertificate(renewed.Certificate).IpAddresses);
        Assert.Equal(CertificateUsage.ServerAndClient, CertificateSpec.FromCertificate(renewed.Certificate).Usage);
        Assert.NotEqual(leaf.Certificate.SerialNumber, renewed.Certificate.SerialNumber);
        Assert.True(renewed.Certificate.NotAfter > leaf.Certificate.NotAfter.AddDays(70));
        Assert.Equal(keepKey, leaf.Key!.Matches(renewed.Certificate));
        Assert.True(ca.IsIssuerOf(renewed.Certificate));
    }

    [RequiresFact("openssl")]
    public void Validity_past_2049_is_encoded_as_generalized_time()
    {
        using var dir = new TempDirectory();
        using var ca = CertificateAuthority.Create(new CertificateAuthoritySpec { CommonName = "ca", Validity = TimeSpan.FromDays(365 * 40), KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
        using var leaf = ca.Issue(Kubelet() with { Validity = TimeSpan.FromDays(365 * 35) });
        File.WriteAllText(dir.Combine("ca.pem"), ca.CertificatePem);
        File.WriteAllText(dir.Combine("leaf.pem"), leaf.CertificatePem);
        Assert.Equal(0, OpenSsl.Verify(dir.Combine("ca.pem"), dir.Combine("leaf.pem")).ExitCode);
        Assert.True(leaf.Certificate.NotAfter.Year >= 2050);
        var asn1 = ProcessRunner.Run("openssl", "asn1parse", "-in", dir.Combine("leaf.pem")).EnsureSuccess("asn1parse").StdOut;
        Assert.Contains("UTCTIME", asn1);        // notBefore (now)
        Assert.Contains("GENERALIZEDTIME", asn1); // notAfter (2050+)
    }

    [Fact]
    public void Leaf_validity_is_clamped_to_the_ca()
    {
        using var ca = CertificateAuthority.Create(new CertificateAuthoritySpec { CommonName = "ca", Validity = TimeSpan.FromDays(30), KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
        using var leaf = ca.Issue(Kubelet() with { Validity = TimeSpan.FromDays(365) });
        Assert.Equal(ca.Certificate.NotAfter, leaf.Certificate.NotAfter);
    }

    [Fact]
    public async Task Private_keys_are_written_0600_and_certificates_0644()
    {
        using var dir = new TempDirectory();
        using var ca = CertificateAuthority.Create(new CertificateAuthoritySpec { CommonName = "ca", KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
        await ca.WriteAsync(dir.Combine("sub", "ca.pem"), dir.Combine("sub", "ca-key.pem"));
        Assert.Equal(PemFile.PrivateMode, File.GetUnixFileMode(dir.Combine("sub", "ca-key.pem")));
        Assert.Equal(PemFile.PublicMode, File.GetUnixFileMode(dir.Combine("sub", "ca.pem")));
        // Overwriting an existing world-readable file still ends at 0600.
        File.SetUnixFileMode(dir.Combine("sub", "ca-key.pem"), PemFile.PublicMode);
        await PemFile.WritePrivateAsync(dir.Combine("sub", "ca-key.pem"), ca.Key.ToPem());
        Assert.Equal(PemFile.PrivateMode, File.GetUnixFileMode(dir.Combine("sub", "ca-key.pem")));
        Assert.Empty(Directory.GetFiles(dir.Combine("sub"), "*.tmp"));
    }

    [Fact]
    public async Task Ca_round_trips_through_files()
    {
        using var dir = new TempDirectory();
        using var ca = CertificateAuthority.Create(new CertificateAuthoritySpec { CommonName = "etcd-ca", KeyAlgorithm = KeyAlgorithm.Rsa2048 });
        await ca.WriteAsync(dir.Combine("ca.pem"), dir.Combine("ca-key.pem"), PrivateKeyFormat.Pkcs1);
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----\n", File.ReadAllText(dir.Combine("ca-key.pem")));
        using var loaded = await CertificateAuthority.LoadAsync(dir.Combine("ca.pem"), dir.Combine("ca-key.pem"));
        Assert.Equal(ca.Certificate.Thumbprint, loaded.Certificate.Thumbprint);
        using var leaf = loaded.Issue(new CertificateSpec { CommonName = "x", KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
        Assert.True(ca.IsIssuerOf(leaf.Certificate));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
