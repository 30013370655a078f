using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Artifacts;
using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Pki.Catalog;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Rendering;

public sealed class RenderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<ClusterArtifacts> RenderAsync(ClusterSpec? spec = null, RenderOptions? options = null) =>
        ClusterRenderer.RenderAsync(spec ?? SampleSpecs.Twenty(), _dir.Combine("pki"), options);

    [Fact]
    public async Task Rendering_twice_with_the_same_store_is_byte_identical()
    {
        var a = await RenderAsync();
        var b = await RenderAsync();
        var fa = a.Hosts.SelectMany(h => h.Files.Select(f => (h.Name, f.Path, f.Sha256, f.ModeOctal))).ToList();
        var fb = b.Hosts.SelectMany(h => h.Files.Select(f => (h.Name, f.Path, f.Sha256, f.ModeOctal))).ToList();
        Assert.Equal(fa, fb);
        Assert.Equal(a.FlannelNetworkConfig, b.FlannelNetworkConfig);
        Assert.True(fa.Count > 60);
    }

    [Fact]
    public async Task Workers_get_no_ca_key_and_no_apiserver_key()
    {
        var artifacts = await RenderAsync();
        using var pki = await ClusterRenderer.LoadPkiAsync(SampleSpecs.Twenty(), _dir.Combine("pki"));
        var secrets = new[]
        {
            pki.Authority(CertificateAuthorityId.Cluster).Key.ToPem(),
            pki.Authority(CertificateAuthorityId.Etcd).Key.ToPem(),
            pki.Authority(CertificateAuthorityId.FrontProxy).Key.ToPem(),
            pki.Certificate("apiserver").KeyPem(),
        };
        foreach (var worker in artifacts.Hosts.Where(h => !h.Node.IsControlPlane))
            foreach (var f in worker.Files)
                Assert.DoesNotContain(secrets, s => f.Content.Contains(s.Trim(), StringComparison.Ordinal));

        var master = artifacts["master"];
        Assert.Contains(master.Files, f => f.Content.Contains(secrets[0].Trim(), StringComparison.Ordinal)); // the test can see a key when it is there
        Assert.DoesNotContain(master.Files, f => f.Content.Contains(secrets[1].Trim(), StringComparison.Ordinal)); // the etcd CA key never leaves the store
    }

    [Fact]
    public async Task Apiserver_kubelet_client_gets_its_rights_from_the_rendered_binding_not_system_masters()
    {
        var artifacts = await RenderAsync();
        using var pki = await ClusterRenderer.LoadPkiAsync(SampleSpecs.Twenty(), _dir.Combine("pki"));
        var cert = pki.Catalog["apiserver-kubelet-client"].Certificate!;
        Assert.DoesNotContain("system:masters", cert.Organizations);
        // The ClusterRoleBinding the rbac phase applies names exactly that certificate's CN.
        Assert.Contains($"name: {cert.CommonName}\n", artifacts.RbacManifest, StringComparison.Ordinal);
        Assert.Contains("system:kube-apiserver-to-kubelet", artifacts.RbacManifest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_private_key_and_kubeconfig_is_0600()
    {
        var artifacts = await RenderAsync();
        var secretFiles = artifacts.Hosts.SelectMany(h => h.Files).Where(f => f.Content.Contains("PRIVATE KEY", StringComparison.Ordinal) || f.Content.Contains("client-key-data", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(secretFiles);
        Assert.All(secretFiles, f => Assert.Equal("0600", f.ModeOctal));
        Assert.All(artifacts.Hosts.SelectMany(h => h.Files), f => Assert.DoesNotContain("\r", f.Content, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Services_follow_each_nodes_init_system_and_roles()
    {
        var a = await RenderAsync();
        Assert.Equal(["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"], a["master"].Services.Select(s => s.Name));
        Assert.DoesNotContain(a["master"].Services, s => s.Name == "containerd");
        Assert.All(a["node-1"].Services, s => Assert.StartsWith("/etc/systemd/system/", s.UnitPath, StringComparison.Ordinal));
        Assert.All(a["node-2"].Services, s => Assert.StartsWith("/etc/init.d/", s.UnitPath, StringComparison.Ordinal));
        Assert.Equal("0755", a["node-2"].File("/etc/init.d/kubelet")!.ModeOctal);
        Assert.Contains("SystemdCgroup = false", a["node-2"].File("/etc/containerd/config.toml")!.Content, StringComparison.Ordinal);
        Assert.Contains("SystemdCgroup = true", a["node-1"].File("/etc/containerd/config.toml")!.Content, StringComparison.Ordinal);
        Assert.Contains(a["master"].Services.Single(s => s.Name == "etcd").Files, p => p == "/etc/etcd/server.pem");
    }

    [Fact]
    public async Task Kubelet_resolv_conf_is_declared_gathered_or_flagged_never_silently_assumed()
    {
        const string config = "/var/lib/kubelet/config.yaml";
        // Offline: nothing is known about systemd-resolved; /etc/resolv.conf is used and the assumption is listed
        // (a Debian 12 systemd host has no systemd-resolved: assuming it broke every sandbox there).
        var offline = await RenderAsync();
        Assert.Contains("resolvConf: /etc/resolv.conf", offline["node-1"].File(config)!.Content, StringComparison.Ordinal);
        Assert.Contains("resolvConf: /etc/resolv.conf", offline["node-2"].File(config)!.Content, StringComparison.Ordinal);
        Assert.Equal(["node-1", "node-2"], offline.Hosts.Where(h => h.Assumptions.Count > 0).Select(h => h.Name));
        Assert.Contains("nodes[1].resolvConf", offline["node-1"].Assumptions[0].ToString(), StringComparison.Ordinal);

        // Gathered from the host (apply): no assumption.
        var facts = new RenderOptions { Facts = new Dictionary<string, HostRenderFacts> { ["node-1"] = new() { SystemdResolvedActive = true }, ["node-2"] = new() { SystemdResolvedActive = false } } };
        var live = await RenderAsync(options: facts);
        Assert.Contains("resolvConf: /run/systemd/resolve/resolv.conf", live["node-1"].File(config)!.Content, StringComparison.Ordinal);
        Assert.All(live.Hosts, h => Assert.Empty(h.Assumptions));

        // Declared in the spec: wins over facts, no assumption.
        var spec = SampleSpecs.Twenty();
        spec = spec with { Nodes = spec.Nodes.Select(n => n.Name == "node-1" ? n with { ResolvConf = "/run/systemd/resolve/resolv.conf" } : n).ToList() };
        var declared = await RenderAsync(spec);
        Assert.Contains("resolvConf: /run/systemd/resolve/resolv.conf", declared["node-1"].File(config)!.Content, StringComparison.Ordinal);
        Assert.Empty(declared["node-1"].Assumptions);
        Assert.Single(declared["node-2"].Assumptions);
    }

    /// <summary>
    /// The whole kind: every host fact that changes what is rendered (each property of <see cref="HostRenderFacts"/>)
    /// is flagged as an assumption on exactly the hosts whose files it changes when it is not known.
    /// </summary>
    [Fact]
    public async Task Every_host_fact_that_changes_the_render_is_flagged_when_unknown()
    {
        var offline = await RenderAsync();
        var props = typeof(HostRenderFacts).GetProperties().Where(p => p.PropertyType == typeof(bool?)).ToList();
        Assert.NotEmpty(props);
        foreach (var prop in props)
        {
            RenderOptions With(bool value) => new()
            {
                Facts = SampleSpecs.Twenty().Nodes.ToDictionary(n => n.Name, n =>
                {
                    var f = new HostRenderFacts();
                    prop.SetValue(f, value);
                    return f;
                }),
            };
            var yes = await RenderAsync(options: With(true));
            var no = await RenderAsync(options: With(false));
            foreach (var host in offline.Hosts)
            {
                var differs = !yes[host.Name].Files.Select(f => f.Sha256).SequenceEqual(no[host.Name].Files.Select(f => f.Sha256));
                if (differs)
                    Assert.True(host.Assumptions.Count > 0, $"{prop.Name} changes what {host.Name} gets, but an offline render does not flag it");
            }
        }

        var folder = await ClusterFolderRenderer.RenderToFolderAsync(SampleSpecs.Twenty(), _dir.Combine("out"), _dir.Combine("pki"));
        var plan = await File.ReadAllTextAsync(folder.SummaryPath);
        Assert.Contains("Assumed host facts", plan, StringComparison.Ordinal);
        Assert.Contains(folder.Apply.Warnings, w => w.Contains("systemd-resolved", StringComparison.Ordinal) && w.Contains("node-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Flannel_config_in_etcd_carries_the_pod_range_and_backend()
    {
        var a = await RenderAsync();
        var json = System.Text.Json.Nodes.JsonNode.Parse(a.FlannelNetworkConfig)!;
        Assert.Equal("10.200.0.0/16", json["Network"]!.GetValue<string>());
        Assert.Equal(24, json["SubnetLen"]!.GetValue<int>());
        Assert.Equal("vxlan", json["Backend"]!["Type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ha_topology_renders_three_etcd_members_and_local_proxies()
    {
        var spec = ClusterBuilder.Create("ha")
            .AddControlPlane("cp-1", "10.0.1.11").AddControlPlane("cp-2", "10.0.1.12").AddControlPlane("cp-3", "10.0.1.13")
            .AddWorker("w-1", "10.0.1.21").AddWorker("w-2", "10.0.1.22")
            .WithApiEndpoint(ApiEndpointMode.LocalProxy)
            .Build();
        var a = await RenderAsync(spec);
        var etcd = a["cp-2"].File("/etc/systemd/system/etcd.service")!.Content;
        Assert.Contains("--initial-cluster=cp-1=https://10.0.1.11:2380,cp-2=https://10.0.1.12:2380,cp-3=https://10.0.1.13:2380", etcd, StringComparison.Ordinal);
        Assert.Contains(a["w-1"].Services, s => s.Name == "nginx");
        Assert.Contains("https://127.0.0.1:6443", a["w-1"].File("/var/lib/kubernetes/kube-proxy/kube-proxy.kubeconfig")!.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keepalived_vip_runs_on_every_control_plane_node_and_kubeconfigs_point_at_the_vip()
    {
        var spec = ClusterBuilder.Create("vip")
            .AddControlPlane("cp-1", "10.0.1.11").AddControlPlane("cp-2", "10.0.1.12").AddControlPlane("cp-3", "10.0.1.13")
            .AddWorker("w-1", "10.0.1.21")
            .WithApiEndpoint(ApiEndpointMode.KeepalivedVip, virtualIp: "10.0.1.100")
            .Build();
        var a = await RenderAsync(spec);
        Assert.All(new[] { "cp-1", "cp-2", "cp-3" }, h => Assert.Contains(a[h].Services, s => s.Name == "keepalived"));
        Assert.DoesNotContain(a["w-1"].Services, s => s.Name == "keepalived");
        Assert.Contains("10.0.1.100", a["cp-1"].File("/etc/keepalived/keepalived.conf")!.Content, StringComparison.Ordinal);
        Assert.Contains("https://10.0.1.100:6443", a["w-1"].File("/var/lib/kubernetes/kubelet/w-1.kubeconfig")!.Content, StringComparison.Ordinal);
    }
}
