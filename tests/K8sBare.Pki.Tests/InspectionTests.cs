using System.Text.Json;
using K8sBare.Pki.Catalog;
using K8sBare.Pki.Certificates;
using K8sBare.Pki.Generation;
using K8sBare.Pki.Inspection;
using K8sBare.Pki.Keys;
using K8sBare.Testing;

namespace K8sBare.Pki.Tests;

public class InspectionTests
{
    [RequiresTheory("cfssl-certinfo")]
    [InlineData(KeyAlgorithm.Rsa2048, "SHA256WithRSA")]
    [InlineData(KeyAlgorithm.EcdsaP256, "ECDSAWithSHA256")]
    [InlineData(KeyAlgorithm.EcdsaP384, "ECDSAWithSHA384")]
    public void Matches_cfssl_certinfo(KeyAlgorithm alg, string sigalg)
    {
        using var dir = new TempDirectory();
        using var ca = CertificateAuthority.Create(new CertificateAuthoritySpec { CommonName = "Kubernetes", Organizations = ["Kubernetes"], Country = "RU", KeyAlgorithm = alg });
        using var leaf = ca.Issue(new CertificateSpec
        {
            CommonName = "system:node:node-1", Organizations = ["system:nodes"], OrganizationalUnit = "Infrastructure Unit", Locality = "Moscow",
            Province = "Moscow", Country = "RU", DnsNames = ["w40k.net", "node-1"], IpAddresses = ["178.79.168.130", "192.168.164.230"],
            Usage = CertificateUsage.ServerAndClient, KeyAlgorithm = alg,
        });
        File.WriteAllText(dir.Combine("node-1.pem"), leaf.CertificatePem);
        var cfssl = JsonDocument.Parse(ProcessRunner.Run("cfssl-certinfo", "-cert", dir.Combine("node-1.pem")).EnsureSuccess("cfssl-certinfo").StdOut).RootElement;
        var ours = CertificateInspector.Inspect(leaf.Certificate);

        Assert.Equal(cfssl.GetProperty("serial_number").GetString(), ours.SerialNumber);
        Assert.Equal(cfssl.GetProperty("sigalg").GetString(), ours.SignatureAlgorithm);
        Assert.Equal(sigalg, ours.SignatureAlgorithm);
        Assert.Equal(cfssl.GetProperty("authority_key_id").GetString(), ours.AuthorityKeyId);
        Assert.Equal(cfssl.GetProperty("subject_key_id").GetString(), ours.SubjectKeyId);
        Assert.Equal(cfssl.GetProperty("sans").EnumerateArray().Select(s => s.GetString()), ours.Sans);
        Assert.Equal(cfssl.GetProperty("not_after").GetDateTimeOffset(), ours.NotAfter);
        Assert.Equal(cfssl.GetProperty("not_before").GetDateTimeOffset(), ours.NotBefore);
        var subject = cfssl.GetProperty("subject");
        Assert.Equal(subject.GetProperty("common_name").GetString(), ours.Subject.CommonName);
        Assert.Equal(subject.GetProperty("organization").GetString(), ours.Subject.Organizations.Single());
        Assert.Equal(subject.GetProperty("organizational_unit").GetString(), ours.Subject.OrganizationalUnits.Single());
        Assert.Equal(subject.GetProperty("locality").GetString(), ours.Subject.Locality);
        Assert.Equal(subject.GetProperty("province").GetString(), ours.Subject.Province);
        Assert.Equal(subject.GetProperty("country").GetString(), ours.Subject.Country);
        Assert.Equal(cfssl.GetProperty("issuer").GetProperty("common_name").GetString(), ours.Issuer.CommonName);
        Assert.Equal(cfssl.GetProperty("pem").GetString(), ours.Pem);
        Assert.Equal(["server_auth", "client_auth"], ours.ExtendedKeyUsages);
        Assert.False(ours.IsCa);
    }

    [Fact]
    public void Json_is_snake_case_and_round_trips()
    {
        using var ca = CertificateAuthority.Create(new CertificateAuthoritySpec { CommonName = "kubernetes", KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
        var info = CertificateInspector.Inspect(ca.Certificate);
        var json = CertificateInspector.ToJson(info);
        Assert.Contains("\"serial_number\": \"", json, StringComparison.Ordinal);
        Assert.Contains("\"is_ca\": true", json, StringComparison.Ordinal);
        Assert.Contains("\"key_usages\": [\n    \"digital_signature\",\n    \"cert_sign\"\n  ]", json, StringComparison.Ordinal);
        var back = CertificateInspector.FromJson(json);
        Assert.Equal(info.SerialNumber, back.SerialNumber);
        Assert.Equal(info.Subject.CommonName, back.Subject.CommonName);
        Assert.Equal(info.NotAfter, back.NotAfter);
        Assert.Equal(info.KeyUsages, back.KeyUsages);
    }

    [RequiresFact("openssl")]
    public void Chain_verification_agrees_with_openssl()
    {
        using var dir = new TempDirectory();
        using var ca = CertificateAuthority.Create(new CertificateAuthoritySpec { CommonName = "kubernetes", KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
        using var other = CertificateAuthority.Create(new CertificateAuthoritySpec { CommonName = "kubernetes", KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
        using var leaf = ca.Issue(new CertificateSpec { CommonName = "admin", KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
        File.WriteAllText(dir.Combine("ca.pem"), ca.CertificatePem);
        File.WriteAllText(dir.Combine("other.pem"), other.CertificatePem);
        File.WriteAllText(dir.Combine("leaf.pem"), leaf.CertificatePem);

        var good = ChainVerifier.Verify(leaf.Certificate, [ca.Certificate], requiredUsage: CertificateUsage.Client);
        Assert.True(good.IsValid, string.Join("; ", good.Problems));
        Assert.Equal(["CN=admin", "CN=kubernetes"], good.Chain);
        Assert.Equal(0, OpenSsl.Verify(dir.Combine("ca.pem"), dir.Combine("leaf.pem")).ExitCode);

        // Same subject name, different key: both refuse.
        var bad = ChainVerifier.Verify(leaf.Certificate, [other.Certificate]);
        Assert.False(bad.IsValid);
        Assert.NotEmpty(bad.Problems);
        var refused = OpenSsl.Verify(dir.Combine("other.pem"), dir.Combine("leaf.pem"));
        Assert.NotEqual(0, refused.ExitCode);
        // No issuer is found (openssl matches the issuer by key identifier, not only by name), not some other error.
        Assert.Contains("error 20 at 0 depth lookup: unable to get local issuer certificate", refused.StdOut + refused.StdErr, StringComparison.Ordinal);

        var wrongUsage = ChainVerifier.Verify(leaf.Certificate, [ca.Certificate], requiredUsage: CertificateUsage.Server);
        Assert.False(wrongUsage.IsValid);
        Assert.Contains(wrongUsage.Problems, p => p.Contains("extended key usage", StringComparison.Ordinal));
        var ex = Assert.Throws<PkiException>(() => ChainVerifier.EnsureValid(leaf.Certificate, [other.Certificate], source: "admin.crt"));
        Assert.Contains("admin.crt: chain verification failed", ex.Message);

        var expired = ChainVerifier.Verify(leaf.Certificate, [ca.Certificate], at: DateTimeOffset.UtcNow.AddYears(2));
        Assert.Contains(expired.Problems, p => p.Contains("expired", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Expiry_report_over_a_store_and_its_kubeconfigs()
    {
        using var dir = new TempDirectory();
        var catalog = CertificateCatalog.For(Topologies.TwentyDollar, new CertificateCatalogOptions { KeyAlgorithm = KeyAlgorithm.EcdsaP256, LeafValidity = TimeSpan.FromDays(20) });
        var store = new PkiStore(dir.Path);
        using (await ClusterPkiGenerator.GenerateAsync(catalog, store)) { }

        var report = await ExpiryReport.ScanFolderAsync(dir.Path);
        Assert.Equal(catalog.Entries.Count(e => e.Kind != CatalogEntryKind.KeyPair), report.Count);
        Assert.Equal(3, report.Count(r => r.IsCa));
        Assert.All(report.Where(r => !r.IsCa), r => Assert.Equal(ExpiryStatus.ExpiringSoon, r.Status));
        Assert.All(report.Where(r => r.IsCa), r => Assert.Equal(ExpiryStatus.Valid, r.Status));
        Assert.Equal(report.OrderBy(r => r.NotAfter).Select(r => r.Source), report.Select(r => r.Source));
        Assert.Contains(report, r => r.Subject == "system:node:node-1" && r.Source.EndsWith("kubelet/node-1.crt", StringComparison.Ordinal) && r.DaysLeft == 19);

        var later = await ExpiryReport.ScanFolderAsync(dir.Path, time: new FixedTime(DateTimeOffset.UtcNow.AddDays(25)));
        Assert.All(later.Where(r => !r.IsCa), r => Assert.Equal(ExpiryStatus.Expired, r.Status));

        var kubeconfigs = Directory.GetFiles(dir.Combine("kubeconfig"));
        var kc = await ExpiryReport.ScanKubeconfigsAsync(kubeconfigs);
        Assert.Equal(kubeconfigs.Length * 2, kc.Count);
        Assert.Contains(kc, r => r.Source.EndsWith("admin.kubeconfig#user:admin", StringComparison.Ordinal) && r.Issuer == "kubernetes");
        var table = ExpiryReport.ToTable(kc);
        Assert.StartsWith("CERTIFICATE", table, StringComparison.Ordinal);
        Assert.Contains("system:kube-scheduler", table, StringComparison.Ordinal);
        Assert.Contains("\"status\": \"ExpiringSoon\"", ExpiryReport.ToJson(kc), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expiry_report_names_a_malformed_file()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("broken.crt"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        var ex = await Assert.ThrowsAsync<PkiException>(() => ExpiryReport.ScanFolderAsync(dir.Path));
        Assert.Contains("broken.crt", ex.Message);
        Assert.Contains("malformed certificate", ex.Message);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
