using K8sBare.Pki.Catalog;
using K8sBare.Pki.Certificates;
using K8sBare.Pki.Generation;
using K8sBare.Pki.Keys;
using K8sBare.Pki.Kubeconfig;
using K8sBare.Pki.Pem;
using K8sBare.Testing;

namespace K8sBare.Pki.Tests;

public class ClusterPkiGeneratorTests
{
    private static readonly CertificateCatalogOptions Ec = new() { KeyAlgorithm = KeyAlgorithm.EcdsaP256 };

    [RequiresFact("openssl")]
    public async Task Rsa_pki_verifies_with_openssl_and_fields_match_the_catalogue()
    {
        using var dir = new TempDirectory();
        var catalog = CertificateCatalog.For(Topologies.TwentyDollar);
        using var pki = await ClusterPkiGenerator.GenerateAsync(catalog, new PkiStore(dir.Path));
        Assert.All(pki.Outcomes.Values, o => Assert.Equal(GenerationOutcome.Created, o));

        foreach (var e in catalog.Entries.Where(e => e.Kind == CatalogEntryKind.Certificate))
        {
            var caFile = dir.Combine(e.Issuer switch { CertificateAuthorityId.Etcd => "etcd/ca.crt", CertificateAuthorityId.FrontProxy => "front-proxy-ca.crt", _ => "ca.crt" });
            var r = OpenSsl.Verify(caFile, dir.Combine(e.Name + ".crt"));
            Assert.True(r.ExitCode == 0, $"{e.Name}: {r.StdOut}{r.StdErr}");
            // Signed by its own CA only: the cluster CA must not vouch for etcd certificates and vice versa.
            var other = e.Issuer == CertificateAuthorityId.Etcd ? "ca.crt" : "etcd/ca.crt";
            var foreign = OpenSsl.Verify(dir.Combine(other), dir.Combine(e.Name + ".crt"));
            Assert.NotEqual(0, foreign.ExitCode);
            Assert.Contains("unable to get local issuer certificate", foreign.StdOut + foreign.StdErr, StringComparison.Ordinal);
            Assert.Equal(PemFile.PrivateMode, File.GetUnixFileMode(dir.Combine(e.Name + ".key")));
        }

        var kubelet = OpenSsl.Text(dir.Combine("kubelet/node-2.crt"));
        Assert.Contains("Subject: O = system:nodes, CN = system:node:node-2", kubelet);
        Assert.Contains("DNS:node-2, IP Address:10.0.0.12", kubelet);
        Assert.Contains("TLS Web Server Authentication, TLS Web Client Authentication", kubelet);
        Assert.Contains("Digital Signature, Key Encipherment", kubelet);
        Assert.Contains("Public-Key: (2048 bit)", kubelet);

        var api = OpenSsl.Text(dir.Combine("apiserver.crt"));
        Assert.Contains("Subject: CN = kube-apiserver", api);
        Assert.Contains("DNS:master, DNS:k8s.example.com, DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster.local, IP Address:10.0.0.10, IP Address:203.0.113.10, IP Address:127.0.0.1, IP Address:10.32.0.1", api);
        Assert.Contains("TLS Web Server Authentication", api);
        Assert.DoesNotContain("Client Authentication", api);

        Assert.Contains("Subject: O = system:masters, CN = admin", OpenSsl.Text(dir.Combine("admin.crt")));
        var ca = OpenSsl.Text(dir.Combine("ca.crt"));
        Assert.Contains("Subject: CN = kubernetes", ca);
        Assert.Contains("CA:TRUE", ca);
        Assert.Contains("Digital Signature, Key Encipherment, Certificate Sign", ca);

        // sa.pub is the public half of sa.key.
        var pub = ProcessRunner.Run("openssl", "pkey", "-in", dir.Combine("sa.key"), "-pubout").EnsureSuccess("pkey").StdOut;
        Assert.Equal(pub, File.ReadAllText(dir.Combine("sa.pub")));
    }

    [Fact]
    public async Task Generating_twice_from_a_store_rotates_nothing()
    {
        using var dir = new TempDirectory();
        var catalog = CertificateCatalog.For(Topologies.TwentyDollar, Ec);
        using (await ClusterPkiGenerator.GenerateAsync(catalog, new PkiStore(dir.Path))) { }
        var before = Snapshot(dir.Path);
        using var again = await ClusterPkiGenerator.GenerateAsync(catalog, new PkiStore(dir.Path));
        Assert.All(again.Outcomes, o => Assert.Equal(GenerationOutcome.Reused, o.Value));
        Assert.Equal(before, Snapshot(dir.Path));
        Assert.Contains("kubeconfig/kubelet-node-1.kubeconfig", before.Keys);
    }

    [Fact]
    public async Task Adding_a_worker_creates_only_its_certificate_and_changing_an_ip_reissues_with_the_same_key()
    {
        using var dir = new TempDirectory();
        var store = new PkiStore(dir.Path);
        using (await ClusterPkiGenerator.GenerateAsync(CertificateCatalog.For(Topologies.TwentyDollar, Ec), store)) { }
        var apiKey = File.ReadAllText(store.KeyPath("apiserver"));
        var apiCert = File.ReadAllText(store.CertificatePath("apiserver"));

        var grown = Topologies.TwentyDollar with
        {
            WorkerNodes = [.. Topologies.TwentyDollar.WorkerNodes, new TopologyNode("node-3", "10.0.0.13")],
        };
        using (var pki = await ClusterPkiGenerator.GenerateAsync(CertificateCatalog.For(grown, Ec), store))
        {
            Assert.Equal(["kubelet/node-3"], pki.Outcomes.Where(o => o.Value != GenerationOutcome.Reused).Select(o => o.Key));
            Assert.Equal(apiCert, File.ReadAllText(store.CertificatePath("apiserver")));
        }

        var moved = grown with { ControlPlaneNodes = [new TopologyNode("master", "10.0.0.20", "203.0.113.10")] };
        using (var pki = await ClusterPkiGenerator.GenerateAsync(CertificateCatalog.For(moved, Ec), store))
        {
            Assert.Equal(GenerationOutcome.Reissued, pki.Outcomes["apiserver"]);
            Assert.Equal(GenerationOutcome.Reused, pki.Outcomes["kubelet/node-1"]);
            Assert.Equal(apiKey, File.ReadAllText(store.KeyPath("apiserver")));
            Assert.NotEqual(apiCert, File.ReadAllText(store.CertificatePath("apiserver")));
            Assert.Contains("10.0.0.20", CertificateSpec.FromCertificate(pki.Certificate("apiserver").Certificate).IpAddresses);
        }
    }

    [Fact]
    public async Task Certificates_expiring_within_RenewBefore_are_reissued_with_their_keys()
    {
        using var dir = new TempDirectory();
        var store = new PkiStore(dir.Path);
        var shortLived = CertificateCatalog.For(Topologies.TwentyDollar, Ec with { LeafValidity = TimeSpan.FromDays(10) });
        using (await ClusterPkiGenerator.GenerateAsync(shortLived, store)) { }
        var kubeletKey = File.ReadAllText(store.KeyPath("kubelet/node-1"));
        var before = CertificatePemReader.Read(File.ReadAllText(store.CertificatePath("kubelet/node-1")));

        using var pki = await ClusterPkiGenerator.GenerateAsync(CertificateCatalog.For(Topologies.TwentyDollar, Ec), store);
        foreach (var e in pki.Catalog.Entries)
            Assert.Equal(e.Kind == CatalogEntryKind.Certificate ? GenerationOutcome.Reissued : GenerationOutcome.Reused, pki.Outcomes[e.Name]);
        Assert.Equal(kubeletKey, File.ReadAllText(store.KeyPath("kubelet/node-1")));
        var after = pki.Certificate("kubelet/node-1").Certificate;
        Assert.True(after.NotAfter > before.NotAfter.AddDays(300));
        Assert.Equal(before.Subject, after.Subject);
    }

    [Fact]
    public async Task A_new_ca_reissues_every_leaf_it_signs()
    {
        using var dir = new TempDirectory();
        var store = new PkiStore(dir.Path);
        var catalog = CertificateCatalog.For(Topologies.TwentyDollar, Ec);
        using (await ClusterPkiGenerator.GenerateAsync(catalog, store)) { }
        File.Delete(store.CertificatePath("etcd/ca"));
        File.Delete(store.KeyPath("etcd/ca"));
        using var pki = await ClusterPkiGenerator.GenerateAsync(catalog, store);
        Assert.Equal(GenerationOutcome.Created, pki.Outcomes["etcd/ca"]);
        foreach (var e in catalog.Entries.Where(e => e.Issuer is not null))
            Assert.Equal(e.Issuer == CertificateAuthorityId.Etcd ? GenerationOutcome.Reissued : GenerationOutcome.Reused, pki.Outcomes[e.Name]);
        Assert.True(pki.Authority(CertificateAuthorityId.Etcd).IsIssuerOf(pki.Certificate("flannel-etcd-client").Certificate));
    }

    [Fact]
    public async Task A_stored_key_that_does_not_match_its_certificate_is_reported()
    {
        using var dir = new TempDirectory();
        var store = new PkiStore(dir.Path);
        var catalog = CertificateCatalog.For(Topologies.TwentyDollar, Ec);
        using (await ClusterPkiGenerator.GenerateAsync(catalog, store)) { }
        File.Copy(store.KeyPath("admin"), store.KeyPath("kube-proxy"), overwrite: true);
        var ex = await Assert.ThrowsAsync<PkiException>(() => ClusterPkiGenerator.GenerateAsync(catalog, store));
        Assert.Contains("kube-proxy.key", ex.Message);
        Assert.Contains("does not match the certificate", ex.Message);
    }

    [Fact]
    public void Host_files_never_expose_a_ca_key_or_the_apiserver_key_to_workers()
    {
        using var pki = ClusterPkiGenerator.Generate(CertificateCatalog.For(Topologies.TwentyDollar, Ec));
        var forbidden = new[]
        {
            pki.Authority(CertificateAuthorityId.Cluster).Key, pki.Authority(CertificateAuthorityId.Etcd).Key,
            pki.Authority(CertificateAuthorityId.FrontProxy).Key, pki.Certificate("apiserver").Key!, pki.ServiceAccountKey,
        }.Select(k => Convert.ToBase64String(k.SubjectPublicKeyInfo())).ToHashSet();

        foreach (var worker in new[] { "node-1", "node-2" })
        {
            var files = pki.FilesFor(worker);
            Assert.NotEmpty(files);
            foreach (var f in files.Where(f => f.IsSecret))
            {
                Assert.Equal(PemFile.PrivateMode, f.Mode);
                var keyPem = f.Path.EndsWith(".kubeconfig", StringComparison.Ordinal)
                    ? KubeconfigFile.Parse(f.Content).Users.Single().User.ClientKeyData!
                    : f.Content;
                using var key = KeyPair.FromPem(keyPem, f.Path);
                Assert.DoesNotContain(Convert.ToBase64String(key.SubjectPublicKeyInfo()), forbidden);
            }
        }
        // The master does get the cluster CA key (controller-manager signing) and the apiserver key.
        var master = pki.FilesFor("master");
        Assert.Equal(pki.Authority(CertificateAuthorityId.Cluster).Key.ToPem(), master.Single(f => f.Path == "/var/lib/kubernetes/ca-key.pem").Content);
        Assert.Equal(pki.ServiceAccountKey.PublicKeyPem(), master.Single(f => f.Path == "/var/lib/kubernetes/service-account.pem").Content);
        Assert.DoesNotContain("BEGIN", master[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void IssueMany_keeps_order_and_signs_with_the_ca()
    {
        using var ca = CertificateAuthority.Create(new CertificateAuthoritySpec { CommonName = "kubernetes", KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
        var specs = Enumerable.Range(0, 64).Select(i => new CertificateSpec
        {
            CommonName = $"system:node:n{i}", Organizations = ["system:nodes"], DnsNames = [$"n{i}"], Usage = CertificateUsage.ServerAndClient,
            KeyAlgorithm = KeyAlgorithm.EcdsaP256,
        }).ToList();
        var issued = ClusterPkiGenerator.IssueMany(ca, specs);
        try
        {
            for (var i = 0; i < specs.Count; i++)
            {
                Assert.Equal($"CN=system:node:n{i}, O=system:nodes", issued[i].Certificate.Subject);
                Assert.True(ca.IsIssuerOf(issued[i].Certificate));
                Assert.True(issued[i].Key!.Matches(issued[i].Certificate));
            }
        }
        finally { foreach (var c in issued) c.Dispose(); }
    }

    private static SortedDictionary<string, string> Snapshot(string root) =>
        new(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllText), StringComparer.Ordinal);

    [Fact]
    public async Task A_store_holding_one_clusters_pki_is_refused_for_another_cluster_before_anything_is_written()
    {
        using var dir = new TempDirectory();
        var store = new PkiStore(dir.Path);
        using (await ClusterPkiGenerator.GenerateAsync(CertificateCatalog.For(Topologies.TwentyDollar), store, time: null)) { }
        Assert.Equal(Topologies.TwentyDollar.ClusterName + "\n", await File.ReadAllTextAsync(dir.Combine("cluster")));
        var before = Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);

        var other = Topologies.TwentyDollar with { ClusterName = "other" };
        var ex = await Assert.ThrowsAsync<PkiException>(() => ClusterPkiGenerator.GenerateAsync(CertificateCatalog.For(other), store));
        Assert.Contains("holds the PKI of cluster 'kubernetes-the-hard-way', not 'other'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("its own PKI folder", ex.Message, StringComparison.Ordinal);
        var after = Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, kv => Assert.True(kv.Value.AsSpan().SequenceEqual(after[kv.Key]), kv.Key));

        // The same cluster reuses it; a store written before the marker existed is adopted by its next user.
        using (var again = await ClusterPkiGenerator.GenerateAsync(CertificateCatalog.For(Topologies.TwentyDollar), store))
            Assert.All(again.Outcomes.Values, o => Assert.Equal(GenerationOutcome.Reused, o));
        File.Delete(dir.Combine("cluster"));
        using (await ClusterPkiGenerator.GenerateAsync(CertificateCatalog.For(Topologies.TwentyDollar), store)) { }
        Assert.Equal(Topologies.TwentyDollar.ClusterName + "\n", await File.ReadAllTextAsync(dir.Combine("cluster")));
    }
}
