using K8sBare.Pki.Catalog;
using K8sBare.Pki.Certificates;
using K8sBare.Pki.Generation;
using K8sBare.Pki.Keys;
using K8sBare.Pki.Kubeconfig;
using K8sBare.Testing;

namespace K8sBare.Pki.Tests;

public sealed class KubeconfigTests : IDisposable
{
    private readonly GeneratedPki _pki = ClusterPkiGenerator.Generate(
        CertificateCatalog.For(Topologies.TwentyDollar, new CertificateCatalogOptions { KeyAlgorithm = KeyAlgorithm.EcdsaP256 }));

    public void Dispose() => _pki.Dispose();

    [RequiresTheory("kubectl")]
    [InlineData("admin", "admin")]
    [InlineData("kubelet/node-1", "system:node:node-1")]
    [InlineData("kube-proxy", "system:kube-proxy")]
    [InlineData("controller-manager", "system:kube-controller-manager")]
    [InlineData("scheduler", "system:kube-scheduler")]
    [InlineData("coredns", "system:coredns")]
    public async Task Kubectl_reads_the_kubeconfig_and_prints_it_back_byte_identical(string entry, string user)
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("k.kubeconfig");
        var kc = _pki.Kubeconfig(entry);
        await kc.WriteAsync(path);
        Assert.Equal(Pem.PemFile.PrivateMode, File.GetUnixFileMode(path));

        var view = ProcessRunner.Run("kubectl", "config", "view", "--raw", "--kubeconfig", path).EnsureSuccess("kubectl config view");
        Assert.Equal(File.ReadAllText(path), view.StdOut);

        var contexts = ProcessRunner.Run("kubectl", "config", "get-contexts", "--kubeconfig", path).EnsureSuccess("kubectl config get-contexts").StdOut;
        var row = contexts.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["*", "default", "kubernetes-the-hard-way", user], row);

        // The embedded data is the base64 of the PEM files, as kubectl --embed-certs writes it.
        var ca = ProcessRunner.Run("kubectl", "config", "view", "--raw", "--kubeconfig", path, "-o",
            "jsonpath={.clusters[0].cluster.certificate-authority-data}").EnsureSuccess("jsonpath").StdOut;
        Assert.Equal(_pki.Authority(CertificateAuthorityId.Cluster).CertificatePem, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(ca)));
        Assert.Equal("https://203.0.113.10:6443", ProcessRunner.Run("kubectl", "config", "view", "--kubeconfig", path, "-o",
            "jsonpath={.clusters[0].cluster.server}").StdOut);
    }

    [RequiresFact("kubectl")]
    public void A_file_written_by_kubectl_parses_and_serializes_to_the_same_bytes()
    {
        using var dir = new TempDirectory();
        var k = dir.Combine("kubectl.kubeconfig");
        var admin = _pki.Certificate("admin");
        File.WriteAllText(dir.Combine("ca.pem"), _pki.Authority(CertificateAuthorityId.Cluster).CertificatePem);
        File.WriteAllText(dir.Combine("admin.pem"), admin.CertificatePem);
        File.WriteAllText(dir.Combine("admin-key.pem"), admin.KeyPem());
        void Kubectl(params string[] a) => ProcessRunner.Run("kubectl", [.. a, "--kubeconfig", k]).EnsureSuccess(string.Join(' ', a));
        Kubectl("config", "set-cluster", "kubernetes-the-hard-way", "--certificate-authority", dir.Combine("ca.pem"), "--embed-certs=true", "--server", "https://k8s.example.com:6443");
        Kubectl("config", "set-cluster", "other", "--server", "https://10.9.9.9:6443", "--insecure-skip-tls-verify=true", "--tls-server-name", "true");
        Kubectl("config", "set-credentials", "admin", "--client-certificate", dir.Combine("admin.pem"), "--client-key", dir.Combine("admin-key.pem"), "--embed-certs=true");
        Kubectl("config", "set-credentials", "token-user", "--token", "s3cr3t");
        Kubectl("config", "set-credentials", "nobody");
        // Fields K8sBare does not model are kept verbatim (an exec plugin, an auth provider, a context extension-free namespace).
        Kubectl("config", "set-credentials", "eks", "--exec-api-version", "client.authentication.k8s.io/v1beta1", "--exec-command", "aws",
            "--exec-arg", "eks", "--exec-arg", "get-token", "--exec-env", "AWS_PROFILE=prod", "--exec-interactive-mode", "Never");
        Kubectl("config", "set-credentials", "oidc", "--auth-provider", "oidc", "--auth-provider-arg", "idp-issuer-url=https://issuer.example", "--auth-provider-arg", "client-id=k");
        Kubectl("config", "set-context", "default", "--cluster", "kubernetes-the-hard-way", "--user", "admin", "--namespace", "123");
        Kubectl("config", "set-context", "x", "--cluster", "other", "--user", "token-user");
        Kubectl("config", "use-context", "default");

        var kc = KubeconfigFile.Parse(File.ReadAllText(k), k);
        Assert.Equal("123", kc.Contexts.Single(c => c.Name == "default").Context.Namespace);
        Assert.Equal(admin.KeyPem(), kc.Users.Single(u => u.Name == "admin").User.ClientKeyData);
        Assert.True(kc.Clusters.Single(c => c.Name == "other").Cluster.InsecureSkipTlsVerify);
        Assert.Equal(File.ReadAllText(k), kc.ToYaml());
        Assert.Contains("command: aws", kc.Users.Single(u => u.Name == "eks").User.OtherFields["exec"], StringComparison.Ordinal);

        // Merging our admin kubeconfig into it keeps the exec and auth-provider users intact, byte for byte as kubectl writes them.
        var merged = kc.Merge(_pki.Kubeconfig("admin") with { Contexts = [], CurrentContext = "" }, switchContext: false);
        var mergedPath = dir.Combine("merged");
        File.WriteAllText(mergedPath, merged.ToYaml());
        Assert.Equal(merged.ToYaml(), ProcessRunner.Run("kubectl", "config", "view", "--raw", "--kubeconfig", mergedPath).EnsureSuccess("view").StdOut);
        Assert.Equal("aws", ProcessRunner.Run("kubectl", "config", "view", "--raw", "--kubeconfig", mergedPath, "-o",
            "jsonpath={.users[?(@.name==\"eks\")].user.exec.command}").EnsureSuccess("jsonpath").StdOut);
        Assert.DoesNotContain("s3cr3t", kc.Users.Single(u => u.Name == "token-user").User.ToString(), StringComparison.Ordinal);
    }

    [RequiresFact("kubectl")]
    public async Task Merging_into_an_existing_kubeconfig_keeps_both_and_kubectl_agrees()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("config");
        var existing = new KubeconfigBuilder()
            .Cluster("home", "https://192.0.2.1:6443", _pki.Authority(CertificateAuthorityId.Etcd).CertificatePem)
            .User("me", new KubeconfigUser { Token = "abc" })
            .Context("home", "home", "me", "default")
            .UseContext("home")
            .Build();
        await existing.WriteAsync(path);
        var admin = _pki.Kubeconfig("admin");
        var merged = (await KubeconfigFile.LoadAsync(path)).Merge(new KubeconfigFile
        {
            Clusters = admin.Clusters,
            Users = admin.Users,
            Contexts = [new NamedKubeconfigContext("thw", admin.Contexts[0].Context)],
            CurrentContext = "thw",
        });
        await merged.WriteAsync(path);
        var out1 = ProcessRunner.Run("kubectl", "config", "get-contexts", "-o", "name", "--kubeconfig", path).EnsureSuccess("get-contexts").StdOut;
        Assert.Equal("home\nthw\n", out1);
        Assert.Equal("thw", ProcessRunner.Run("kubectl", "config", "current-context", "--kubeconfig", path).StdOut.Trim());
        Assert.Equal(File.ReadAllText(path), ProcessRunner.Run("kubectl", "config", "view", "--raw", "--kubeconfig", path).StdOut);
        // Merging the same thing again changes nothing (byte-stable).
        Assert.Equal(merged.ToYaml(), merged.Merge(admin with { Contexts = [new NamedKubeconfigContext("thw", admin.Contexts[0].Context)], CurrentContext = "thw" }).ToYaml());
    }

    [Fact]
    public async Task Output_is_byte_stable()
    {
        // The same PKI loaded again from its store (fresh objects, nothing cached in common) writes the same bytes.
        using var dir = new TempDirectory();
        var catalog = CertificateCatalog.For(Topologies.TwentyDollar, new CertificateCatalogOptions { KeyAlgorithm = KeyAlgorithm.EcdsaP256 });
        string first, again;
        using (var generated = await ClusterPkiGenerator.GenerateAsync(catalog, new PkiStore(dir.Combine("pki"))))
            first = generated.Kubeconfig("kubelet/node-2").ToYaml();
        using (var reloaded = await ClusterPkiGenerator.GenerateAsync(catalog, new PkiStore(dir.Combine("pki"))))
        {
            Assert.All(reloaded.Outcomes.Values, o => Assert.Equal(GenerationOutcome.Reused, o));
            again = reloaded.Kubeconfig("kubelet/node-2").ToYaml();
            // …and so does a kubeconfig built anew from the same inputs, not through the cache.
            var cert = reloaded.Certificate("kubelet/node-2");
            Assert.Equal(first, KubeconfigBuilder.ForClient(catalog.Topology.ClusterName, catalog.Topology.ApiServerUrl,
                reloaded.Authority(CertificateAuthorityId.Cluster).CertificatePem, cert).ToYaml());
        }

        Assert.Equal(first, again);
        Assert.DoesNotContain("\r", first, StringComparison.Ordinal);
        Assert.StartsWith("apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: LS0t", first, StringComparison.Ordinal);
        Assert.Contains("\ncurrent-context: default\nkind: Config\npreferences: {}\nusers:\n- name: system:node:node-2\n  user:\n    client-certificate-data: ", first, StringComparison.Ordinal);
    }

    /// <summary>
    /// The mutation check for the old form of <see cref="Output_is_byte_stable"/>: it compared
    /// <c>_pki.Kubeconfig(x).ToYaml()</c> with itself, and the PKI hands out one cached object, so a writer that put a
    /// random or time-dependent value in every file would still have passed.
    /// </summary>
    [Fact]
    public void The_old_byte_stability_check_compared_one_cached_object_with_itself()
    {
        Assert.Same(_pki.Kubeconfig("kubelet/node-2"), _pki.Kubeconfig("kubelet/node-2"));
        var nondeterministic = _pki.Kubeconfig("kubelet/node-2") with { CurrentContext = Guid.NewGuid().ToString("N") };
        Assert.Equal(nondeterministic.ToYaml(), nondeterministic.ToYaml()); // the old assertion passes on it
        Assert.NotEqual(nondeterministic.ToYaml(), (_pki.Kubeconfig("kubelet/node-2") with { CurrentContext = Guid.NewGuid().ToString("N") }).ToYaml());
    }

    [Theory]
    [InlineData("system:node:node-1")]
    [InlineData("123")]
    [InlineData("true")]
    [InlineData("1e3")]
    [InlineData("with space")]
    [InlineData("-dash")]
    [InlineData("a: b")]
    [InlineData("#hash")]
    [InlineData("trailing:")]
    [InlineData("é-unicode")]
    [InlineData("'quoted'")]
    [InlineData("null")]
    public void Direct_writer_and_yamldotnet_emitter_agree(string tricky)
    {
        var admin = _pki.Kubeconfig("admin");
        var kc = admin with
        {
            Contexts = [new NamedKubeconfigContext(tricky, new KubeconfigContext { Cluster = admin.Clusters[0].Name, User = tricky, Namespace = tricky })],
            Users = [.. admin.Users, new NamedKubeconfigUser(tricky, new KubeconfigUser { Token = tricky, ClientCertificate = "/etc/" + tricky })],
            CurrentContext = tricky,
        };
        Assert.Equal(KubeconfigYaml.WriteWithEmitter(kc), kc.ToYaml());
        Assert.Equal(KubeconfigYaml.WriteWithEmitter(admin), admin.ToYaml());
        Assert.Equal(KubeconfigYaml.WriteWithEmitter(new KubeconfigFile()), new KubeconfigFile().ToYaml());
        var back = KubeconfigFile.Parse(kc.ToYaml());
        Assert.Equal(tricky, back.CurrentContext);
        Assert.Equal(tricky, back.Contexts.Single().Context.Namespace);
    }

    [Fact]
    public void Builder_refuses_a_certificate_with_the_wrong_identity()
    {
        var ex = Assert.Throws<PkiException>(() => KubeconfigBuilder.Kubelet("c", "https://10.0.0.1:6443",
            _pki.Authority(CertificateAuthorityId.Cluster).CertificatePem, "node-2", _pki.Certificate("kubelet/node-1")));
        Assert.Contains("CN is 'system:node:node-1'", ex.Message);
        Assert.Contains("'system:node:node-2'", ex.Message);
        Assert.Throws<PkiException>(() => new KubeconfigBuilder().Cluster("c", "http://10.0.0.1:6443", "x"));
        Assert.Throws<PkiException>(() => new KubeconfigBuilder().Context("d", "missing", "nobody").Build());
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: Config\nclusters: [", "malformed kubeconfig YAML at line")]
    [InlineData("- a\n- b\n", "not a kubeconfig")]
    [InlineData("apiVersion: v1\nkind: Pod\n", "kind is 'Pod'")]
    [InlineData("apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    certificate-authority-data: '%%%'\n", "cluster 'c': missing 'server'")]
    [InlineData("apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://x\n    certificate-authority-data: '%%%'\n", "cluster 'c': 'certificate-authority-data' is not valid base64")]
    [InlineData("apiVersion: v1\nkind: Config\nusers:\n- user:\n    token: x\n", "users[0]: missing 'name'")]
    public void Malformed_kubeconfig_raises_a_clear_error(string yaml, string expected)
    {
        var ex = Assert.Throws<PkiException>(() => KubeconfigFile.Parse(yaml, "/home/u/.kube/config"));
        Assert.Contains("/home/u/.kube/config", ex.Message);
        Assert.Contains(expected, ex.Message);
    }
}
