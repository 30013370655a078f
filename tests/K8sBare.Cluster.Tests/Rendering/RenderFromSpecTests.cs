using K8sBare.Cluster.Artifacts;
using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Cluster.Validation;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Rendering;

/// <summary>Issue 13 §1, §2, §8: what the spec says reaches the rendered units, and what validation accepts renders.</summary>
public sealed class RenderFromSpecTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<ClusterArtifacts> RenderAsync(ClusterSpec spec) => ClusterRenderer.RenderAsync(spec, _dir.Combine("pki"));

    private static string Unit(ClusterArtifacts a, string host, string service) =>
        a.Hosts.Single(h => h.Name == host).Files.Single(f => f.Path == $"/etc/systemd/system/{service}.service").Content;

    [Fact]
    public async Task Flanneld_binds_to_the_declared_cluster_address_not_the_default_route()
    {
        // The reported case: private cluster address first, a public default-route address second.
        var spec = SampleSpecs.Twenty();
        spec = spec with { Nodes = spec.Nodes.Select(n => n.Name == "node-1" ? n with { Addresses = ["10.0.0.11", "203.0.113.11"] } : n).ToArray() };
        var a = await RenderAsync(spec);

        var flanneld = Unit(a, "node-1", "flanneld");
        Assert.Contains("--iface=10.0.0.11", flanneld, StringComparison.Ordinal);
        Assert.Contains("--public-ip=10.0.0.11", flanneld, StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113.11", flanneld, StringComparison.Ordinal);
        Assert.Contains("--node-ip=10.0.0.11", Unit(a, "node-1", "kubelet"), StringComparison.Ordinal);
        Assert.Contains("--advertise-address=10.0.0.10", Unit(a, "master", "kube-apiserver"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_explicit_flannel_interface_wins_over_the_node_address()
    {
        var spec = SampleSpecs.Twenty() with { Flannel = new FlannelSettings { Interface = "eth1" } };
        var flanneld = Unit(await RenderAsync(spec), "node-1", "flanneld");
        Assert.Contains("--iface=eth1", flanneld, StringComparison.Ordinal);
        Assert.DoesNotContain("--iface=10.0.0.11", flanneld, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Labels_the_kubelet_may_set_are_accepted_and_rendered()
    {
        var spec = SampleSpecs.Twenty();
        var labels = new Dictionary<string, string>
        {
            ["node.kubernetes.io/pool"] = "blue",
            ["topology.kubernetes.io/zone"] = "fsn1",
            ["x.kubelet.kubernetes.io/y"] = "z",
            ["example.com/tier"] = "",
        };
        spec = spec with { Nodes = spec.Nodes.Select(n => n.Name == "node-1" ? n with { Labels = labels } : n).ToArray() };
        Assert.True(spec.Validate(ValidationOptions.ForRender).IsValid, spec.Validate(ValidationOptions.ForRender).ToString());
        var kubelet = Unit(await RenderAsync(spec), "node-1", "kubelet");
        Assert.Contains("node.kubernetes.io/pool=blue", kubelet, StringComparison.Ordinal);
        Assert.Contains("topology.kubernetes.io/zone=fsn1", kubelet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extra_args_reach_each_component_and_deprecated_ones_only_warn()
    {
        var spec = SampleSpecs.Twenty() with
        {
            ExtraArgs = new Dictionary<string, IReadOnlyDictionary<string, string>>
            {
                ["kube-apiserver"] = new Dictionary<string, string> { ["audit-log-maxage"] = "30", ["apiserver-count"] = "1" },
                ["kubelet"] = new Dictionary<string, string> { ["--v"] = "3" },
                ["etcd"] = new Dictionary<string, string> { ["quota-backend-bytes"] = "8589934592" },
                ["flanneld"] = new Dictionary<string, string> { ["iptables-resync"] = "10" },
                ["kube-proxy"] = new Dictionary<string, string> { ["v"] = "2" },
            },
        };
        var report = spec.Validate(ValidationOptions.ForRender);
        Assert.True(report.IsValid, report.ToString());
        var warning = Assert.Single(report.Warnings, w => w.Code == ProblemCodes.FlagDeprecated);
        Assert.Equal("extraArgs.kube-apiserver[apiserver-count]", warning.Field);

        var a = await RenderAsync(spec);
        Assert.Contains("--audit-log-maxage=30", Unit(a, "master", "kube-apiserver"), StringComparison.Ordinal);
        Assert.Contains("--v=3", Unit(a, "node-1", "kubelet"), StringComparison.Ordinal);
        Assert.Contains("--quota-backend-bytes=8589934592", Unit(a, "master", "etcd"), StringComparison.Ordinal);
        Assert.Contains("--iptables-resync=10", Unit(a, "node-1", "flanneld"), StringComparison.Ordinal);
        Assert.Contains("--v=2", Unit(a, "node-1", "kube-proxy"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flannel_vni_port_and_subnet_range_reach_the_network_config()
    {
        var spec = SampleSpecs.Twenty() with
        {
            Flannel = new FlannelSettings { Vni = 4096, Port = 4789, SubnetMin = "10.200.10.0", SubnetMax = "10.200.99.0" },
        };
        Assert.True(spec.Validate(ValidationOptions.ForRender).IsValid, spec.Validate(ValidationOptions.ForRender).ToString());
        var json = System.Text.Json.Nodes.JsonNode.Parse((await RenderAsync(spec)).FlannelNetworkConfig)!;
        Assert.Equal("10.200.10.0", (string?)json["SubnetMin"]);
        Assert.Equal("10.200.99.0", (string?)json["SubnetMax"]);
        Assert.Equal(4096, (int?)json["Backend"]!["VNI"]);
        Assert.Equal(4789, (int?)json["Backend"]!["Port"]);
    }

    [Fact]
    public async Task Local_proxy_admin_kubeconfig_points_at_an_address_reachable_off_the_nodes()
    {
        // Reported: local-proxy gave the operator https://127.0.0.1:6443, which works only on a node.
        var spec = SampleSpecs.Twenty() with { ApiEndpoint = new ApiEndpoint { Mode = ApiEndpointMode.LocalProxy } };
        var a = await RenderAsync(spec);
        var admin = K8sBare.Pki.Kubeconfig.KubeconfigFile.Parse(a.OperatorFiles["admin.kubeconfig"].Content);
        Assert.Equal("https://10.0.0.10:6443", Assert.Single(admin.Clusters).Cluster.Server);
        // Nodes still use their local proxy.
        var kubelet = a.Hosts.Single(h => h.Name == "node-1").Files.Single(f => f.Path.EndsWith("kubelet.kubeconfig", StringComparison.Ordinal) || f.Path.EndsWith("kubeconfig", StringComparison.Ordinal) && f.Path.Contains("kubelet", StringComparison.Ordinal));
        Assert.Contains("https://127.0.0.1:6443", kubelet.Content, StringComparison.Ordinal);

        var named = spec with { ApiEndpoint = spec.ApiEndpoint with { ExtraSans = ["api.example.com"] } };
        var b = await ClusterRenderer.RenderAsync(named, _dir.Combine("pki-named"));
        Assert.Equal("https://api.example.com:6443", Assert.Single(K8sBare.Pki.Kubeconfig.KubeconfigFile.Parse(b.OperatorFiles["admin.kubeconfig"].Content).Clusters).Cluster.Server);
    }

    [Theory]
    [InlineData(ApiEndpointMode.FirstControlPlane, "https://10.0.0.10:6443")]
    [InlineData(ApiEndpointMode.KeepalivedVip, "https://10.0.0.100:6443")]
    [InlineData(ApiEndpointMode.ExternalLoadBalancer, "https://lb.example.com:6443")]
    public async Task Admin_kubeconfig_never_names_a_node_local_address(ApiEndpointMode mode, string expected)
    {
        var spec = SampleSpecs.Twenty() with { ApiEndpoint = new ApiEndpoint { Mode = mode, VirtualIp = "10.0.0.100", Host = "lb.example.com" } };
        var admin = K8sBare.Pki.Kubeconfig.KubeconfigFile.Parse((await RenderAsync(spec)).OperatorFiles["admin.kubeconfig"].Content);
        Assert.Equal(expected, Assert.Single(admin.Clusters).Cluster.Server);
    }

    [Fact]
    public async Task Secrets_at_rest_are_encrypted_with_one_key_kept_0600_in_the_pki_store()
    {
        var spec = ClusterBuilder.From(SampleSpecs.Twenty()).EncryptSecretsAtRest().Build();
        var a = await RenderAsync(spec);
        var master = a.Hosts.Single(h => h.Name == "master");
        var config = master.Files.Single(f => f.Path == K8sBare.Units.Components.EncryptionConfiguration.DefaultPath);
        Assert.Equal(Artifacts.ArtifactFile.PrivateMode, config.Mode);
        Assert.Contains("--encryption-provider-config=" + config.Path, Unit(a, "master", "kube-apiserver"), StringComparison.Ordinal);
        Assert.DoesNotContain(a.Hosts.Where(h => h.Name != "master").SelectMany(h => h.Files), f => f.Path == config.Path);

        var keyFile = _dir.Combine("pki", SecretsEncryptionKey.FileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        var key = File.ReadAllText(keyFile).Trim();
        Assert.Equal(32, Convert.FromBase64String(key).Length);
        Assert.Contains(key, config.Content, StringComparison.Ordinal);
        Assert.Contains("aescbc", config.Content, StringComparison.Ordinal);

        var again = await RenderAsync(spec);
        Assert.Equal(config.Content, again.Hosts.Single(h => h.Name == "master").Files.Single(f => f.Path == config.Path).Content);
        Assert.Equal(key, File.ReadAllText(keyFile).Trim());
        Assert.DoesNotContain(a.Hosts.Single(h => h.Name == "master").Files, f => f.Path == config.Path && !spec.Pki.EncryptSecretsAtRest);
        Assert.DoesNotContain((await ClusterRenderer.RenderAsync(SampleSpecs.Twenty(), _dir.Combine("pki-plain"))).Hosts.SelectMany(h => h.Files), f => f.Path == config.Path);
    }

    [Fact]
    public async Task A_Secrets_encryption_key_whose_base64_starts_with_a_slash_renders_and_is_never_read_as_a_path()
    {
        // About 1 key in 64 starts with '/' in base64; the render-time path check once took it for a missing file and
        // refused to render the cluster (showing part of the key in the message).
        var spec = ClusterBuilder.From(SampleSpecs.Twenty()).EncryptSecretsAtRest().Build();
        var bytes = new byte[32];
        Array.Fill(bytes, (byte)0x41);
        bytes[0] = 0xFC;
        var key = Convert.ToBase64String(bytes);
        Assert.StartsWith("/E", key, StringComparison.Ordinal);
        using var pki = await ClusterRenderer.LoadPkiAsync(spec, _dir.Combine("pki"));
        var a = ClusterRenderer.Render(spec, pki, new RenderOptions { SecretsEncryptionKey = key });
        var config = a.Hosts.Single(h => h.Name == "master").Files.Single(f => f.Path == K8sBare.Units.Components.EncryptionConfiguration.DefaultPath);
        Assert.Contains(key, config.Content, StringComparison.Ordinal);

        // The check itself: without the secret named, the key is a "path" nothing places.
        var master = a.Hosts.Single(h => h.Name == "master");
        Assert.Contains(ReferencedPathCheck.Problems(spec, master, [.. master.Files.Select(f => f.Path)]), p => p.Contains(key.Split('+', '=')[0], StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_node_host_name_reaches_its_serving_certificates_and_extra_sans_the_apiserver()
    {
        var spec = ClusterBuilder.From(SampleSpecs.Twenty()).WithApiServerSans("api.example.com", "203.0.113.10").Build();
        spec = spec with { Nodes = spec.Nodes.Select(n => n.Name == "node-1" ? n with { HostName = "node-1.example.com" } : n).ToArray() };
        await RenderAsync(spec);
        using var pki = await ClusterRenderer.LoadPkiAsync(spec, _dir.Combine("pki"));
        var api = pki.Certificate("apiserver").Certificate;
        var san = api.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("api.example.com", san.EnumerateDnsNames());
        Assert.Contains(System.Net.IPAddress.Parse("203.0.113.10"), san.EnumerateIPAddresses());
        var kubelet = pki.Certificate("kubelet/node-1").Certificate.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("node-1.example.com", kubelet.EnumerateDnsNames());
    }

    [Fact]
    public void A_node_changes_one_SSH_field_and_keeps_the_cluster_defaults()
    {
        var spec = ClusterBuilder.Create("x").WithSsh("/keys/id", user: "admin")
            .AddControlPlane("m", "10.0.0.10")
            .AddWorker("w", "10.0.0.11", n => n.WithSsh(s => s with { Port = 2222 }))
            .Build();
        var w = spec.Nodes[1].Ssh;
        Assert.Equal((2222, "admin", "/keys/id"), (w.Port, w.User, w.IdentityFile));
        Assert.Equal(22, spec.Nodes[0].Ssh.Port);
    }
}
