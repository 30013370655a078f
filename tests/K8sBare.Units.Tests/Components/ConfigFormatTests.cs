using System.Text.Json;
using K8sBare.Units.Components;
using K8sBare.Units.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace K8sBare.Units.Tests.Components;

/// <summary>
/// Artifacts whose binaries are not installed here (kubelet, kube-proxy, scheduler, CoreDNS, RBAC) are parsed with an
/// independent YAML/JSON parser and checked field by field against components.md.
/// </summary>
public sealed class ConfigFormatTests
{
    private static YamlMappingNode Yaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static List<YamlMappingNode> YamlDocs(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static string S(YamlNode node, params string[] path)
    {
        foreach (var p in path) node = ((YamlMappingNode)node)[p];
        return ((YamlScalarNode)node).Value!;
    }

    [Fact]
    public void KubeletConfiguration_has_secure_auth_and_runtime_endpoint_field()
    {
        var y = Yaml(SampleCluster.Kubelet.Config.Render());
        Assert.Equal("kubelet.config.k8s.io/v1beta1", S(y, "apiVersion"));
        Assert.Equal("KubeletConfiguration", S(y, "kind"));
        Assert.Equal("false", S(y, "authentication", "anonymous", "enabled"));
        Assert.Equal("true", S(y, "authentication", "webhook", "enabled"));
        Assert.Equal("/var/lib/kubernetes/ca.crt", S(y, "authentication", "x509", "clientCAFile"));
        Assert.Equal("Webhook", S(y, "authorization", "mode"));
        Assert.Equal("systemd", S(y, "cgroupDriver"));
        Assert.Equal("unix:///run/containerd/containerd.sock", S(y, "containerRuntimeEndpoint"));
        Assert.Equal("10.32.0.10", ((YamlScalarNode)((YamlSequenceNode)y["clusterDNS"])[0]).Value);
        Assert.Equal("256Mi", S(y, "systemReserved", "memory"));
        Assert.False(y.Children.ContainsKey("podCIDR"));
        Assert.False(y.Children.ContainsKey("registerWithTaints"));
    }

    [Fact]
    public void KubeletConfiguration_registers_control_plane_taints()
    {
        var cfg = SampleCluster.Kubelet.Config with { RegisterWithTaints = [NodeTaint.ControlPlane] };
        var taint = (YamlMappingNode)((YamlSequenceNode)Yaml(cfg.Render())["registerWithTaints"])[0];
        Assert.Equal("node-role.kubernetes.io/control-plane", S(taint, "key"));
        Assert.Equal("NoSchedule", S(taint, "effect"));
        Assert.False(taint.Children.ContainsKey("value"));
        var bad = cfg with { RegisterWithTaints = [new NodeTaint("k", "Never")] };
        Assert.Contains(bad.Validate(), p => p.Option == "KubeletConfiguration.RegisterWithTaints[0].Effect");
    }

    [Fact]
    public void KubeletOptions_pass_config_and_only_command_line_flags()
    {
        var args = SampleCluster.Kubelet.ToArgs();
        Assert.Equal("--config=/var/lib/kubelet/config.yaml", args[0]);
        Assert.DoesNotContain(args, a => a.StartsWith("--container-runtime", StringComparison.Ordinal) || a.StartsWith("--network-plugin", StringComparison.Ordinal));
        var files = SampleCluster.Kubelet.RenderConfigFiles();
        Assert.Equal("/var/lib/kubelet/config.yaml", Assert.Single(files).Path);
    }

    [Theory]
    [InlineData(ProxyMode.Iptables, "iptables")]
    [InlineData(ProxyMode.Ipvs, "ipvs")]
    [InlineData(ProxyMode.Nftables, "nftables")]
    public void KubeProxyConfiguration_mode_and_cidr(ProxyMode mode, string expected)
    {
        var y = Yaml((SampleCluster.KubeProxy with { Version = KubernetesVersion.V1_31, Mode = mode }).RenderConfiguration());
        Assert.Equal("kubeproxy.config.k8s.io/v1alpha1", S(y, "apiVersion"));
        Assert.Equal("KubeProxyConfiguration", S(y, "kind"));
        Assert.Equal(expected, S(y, "mode"));
        Assert.Equal("10.200.0.0/16", S(y, "clusterCIDR"));
        Assert.Equal("/var/lib/kube-proxy/kubeconfig", S(y, "clientConnection", "kubeconfig"));
    }

    [Fact]
    public void Nftables_on_1_30_needs_the_feature_gate()
    {
        var opts = SampleCluster.KubeProxy with { Version = KubernetesVersion.V1_30, Mode = ProxyMode.Nftables };
        var p = Assert.Single(opts.Validate());
        Assert.Equal("KubeProxyOptions.Mode", p.Option);
        Assert.Contains("NFTablesProxyMode", p.Message, StringComparison.Ordinal);
        var gated = opts with { FeatureGates = new Dictionary<string, bool> { [KubeProxyOptions.NftablesFeatureGate] = true } };
        Assert.Empty(gated.Validate());
        Assert.Equal("true", S(Yaml(gated.RenderConfiguration()), "featureGates", "NFTablesProxyMode"));
        Assert.Empty((opts with { Version = KubernetesVersion.V1_31 }).Validate());
    }

    [Fact]
    public void KubeSchedulerConfiguration_is_v1()
    {
        var y = Yaml(SampleCluster.Scheduler.RenderConfiguration());
        Assert.Equal("kubescheduler.config.k8s.io/v1", S(y, "apiVersion"));
        Assert.Equal("KubeSchedulerConfiguration", S(y, "kind"));
        Assert.Equal("true", S(y, "leaderElection", "leaderElect"));
        Assert.Equal("/var/lib/kubernetes/kube-scheduler.kubeconfig", S(y, "clientConnection", "kubeconfig"));
        Assert.Equal(
        [
            "--config=/etc/kubernetes/config/kube-scheduler.yaml",
            "--authentication-kubeconfig=/var/lib/kubernetes/kube-scheduler.kubeconfig",
            "--authorization-kubeconfig=/var/lib/kubernetes/kube-scheduler.kubeconfig",
        ], SampleCluster.Scheduler.ToArgs());
    }

    [Fact]
    public void Rbac_manifests_bind_the_cert_identities()
    {
        var docs = YamlDocs(RbacManifests.ApiServerToKubelet("kubernetes").Content);
        Assert.Equal(2, docs.Count);
        Assert.Equal("ClusterRole", S(docs[0], "kind"));
        Assert.Equal("system:kube-apiserver-to-kubelet", S(docs[0], "metadata", "name"));
        var resources = ((YamlSequenceNode)((YamlMappingNode)((YamlSequenceNode)docs[0]["rules"])[0])["resources"]).Select(n => ((YamlScalarNode)n).Value).ToList();
        Assert.Equal(["nodes/proxy", "nodes/stats", "nodes/log", "nodes/spec", "nodes/metrics"], resources);
        Assert.Equal("", ((YamlScalarNode)((YamlSequenceNode)((YamlMappingNode)((YamlSequenceNode)docs[0]["rules"])[0])["apiGroups"])[0]).Value);
        Assert.Equal("ClusterRoleBinding", S(docs[1], "kind"));
        var subject = (YamlMappingNode)((YamlSequenceNode)docs[1]["subjects"])[0];
        Assert.Equal("User", S(subject, "kind"));
        Assert.Equal("kubernetes", S(subject, "name"));

        var dns = YamlDocs(RbacManifests.CoreDns("coredns-client").Content);
        var rules = (YamlSequenceNode)dns[0]["rules"];
        Assert.Equal("discovery.k8s.io", ((YamlScalarNode)((YamlSequenceNode)((YamlMappingNode)rules[1])["apiGroups"])[0]).Value);
        Assert.Equal("coredns-client", S((YamlMappingNode)((YamlSequenceNode)dns[1]["subjects"])[0], "name"));
    }

    [Fact]
    public void EncryptionConfiguration_is_secret_and_valid()
    {
        var file = SampleCluster.Encryption.Render();
        Assert.Equal(RenderedFile.SecretMode, file.Mode);
        Assert.Equal("0600", file.ModeOctal);
        var y = Yaml(file.Content);
        Assert.Equal("apiserver.config.k8s.io/v1", S(y, "apiVersion"));
        var res = (YamlMappingNode)((YamlSequenceNode)y["resources"])[0];
        var providers = (YamlSequenceNode)res["providers"];
        Assert.True(((YamlMappingNode)providers[0]).Children.ContainsKey("aescbc"));
        Assert.True(((YamlMappingNode)providers[1]).Children.ContainsKey("identity"));
        var bad = SampleCluster.Encryption with { SecretBase64 = "c2VjcmV0" };
        var ex = Assert.Throws<UnitsException>(() => bad.Render());
        Assert.DoesNotContain("c2VjcmV0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cni_conflist_is_flannel_plus_portmap_with_a_version_both_containerd_lines_accept()
    {
        using var doc = JsonDocument.Parse(SampleCluster.Cni.RenderConfList());
        var root = doc.RootElement;
        Assert.Equal("cbr0", root.GetProperty("name").GetString());
        Assert.Equal("1.0.0", root.GetProperty("cniVersion").GetString());
        var plugins = root.GetProperty("plugins").EnumerateArray().ToList();
        Assert.Equal("flannel", plugins[0].GetProperty("type").GetString());
        Assert.True(plugins[0].GetProperty("delegate").GetProperty("isDefaultGateway").GetBoolean());
        Assert.Equal("portmap", plugins[1].GetProperty("type").GetString());
        Assert.True(plugins[1].GetProperty("capabilities").GetProperty("portMappings").GetBoolean());
        Assert.Equal("/etc/cni/net.d/10-flannel.conflist", Assert.Single(SampleCluster.Cni.Render()).Path);

        var tooNew = SampleCluster.Cni with { CniVersion = "1.1.0" };
        Assert.Contains(tooNew.Validate(), p => p.Option == "CniConfig.CniVersion" && p.Message.Contains("1.6/1.7", StringComparison.Ordinal));
        Assert.Empty((tooNew with { ContainerdReleases = [ContainerdRelease.V2_1] }).Validate());
        Assert.Equal(2, (SampleCluster.Cni with { IncludeLoopback = true }).Render().Count);
    }

    [Theory]
    [InlineData(FlannelBackendType.Vxlan, "vxlan")]
    [InlineData(FlannelBackendType.HostGw, "host-gw")]
    [InlineData(FlannelBackendType.Wireguard, "wireguard")]
    public void Flannel_network_config_json(FlannelBackendType type, string wire)
    {
        var cfg = new FlannelNetworkConfig { Backend = new FlannelBackend { Type = type } };
        using var doc = JsonDocument.Parse(cfg.RenderCompact());
        Assert.Equal("10.200.0.0/16", doc.RootElement.GetProperty("Network").GetString());
        Assert.Equal(24, doc.RootElement.GetProperty("SubnetLen").GetInt32());
        Assert.Equal(wire, doc.RootElement.GetProperty("Backend").GetProperty("Type").GetString());
        Assert.DoesNotContain('\n', cfg.RenderCompact());
    }

    [Fact]
    public void Flannel_etcd_mode_flags_and_key()
    {
        var f = SampleCluster.Flannel;
        Assert.Equal("/coreos.com/network/config", f.NetworkConfigKey);
        var args = f.ToArgs();
        Assert.Contains("--etcd-endpoints=https://10.0.0.11:2379,https://10.0.0.12:2379,https://10.0.0.13:2379", args);
        Assert.Contains("--etcd-cafile=/etc/flannel/etcd-ca.crt", args);
        Assert.Contains("--iface=eth1", args);
        Assert.Contains("--ip-masq=true", args);
        Assert.Empty(f.RenderConfigFiles());
        var kube = new FlannelOptions { KubeSubnetManager = true, NodeName = "worker-0" };
        Assert.Contains("--kube-subnet-mgr=true", kube.ToArgs());
        Assert.Equal("/etc/kube-flannel/net-conf.json", Assert.Single(kube.RenderConfigFiles()).Path);
        Assert.Equal("worker-0", kube.ToService().Environment["NODE_NAME"]);
        Assert.Contains((kube with { NodeName = null }).Validate(), p => p.Option == "FlannelOptions.NodeName");
    }

    [Fact]
    public void Corefile_has_the_plugins_a_host_coredns_needs_and_no_removed_ones()
    {
        var text = SampleCluster.CoreDns.RenderCorefile();
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        Assert.Equal(".:53 {", lines[0]);
        Assert.Equal("}", lines[^1]);
        Assert.Equal(lines.Count(l => l.EndsWith('{')), lines.Count(l => l == "}"));
        Assert.Contains("bind 10.0.0.21", lines);
        Assert.Contains("kubernetes cluster.local in-addr.arpa ip6.arpa {", lines);
        Assert.Contains("kubeconfig /etc/coredns/kubeconfig", lines);
        Assert.Contains("forward . /etc/resolv.conf", lines);
        Assert.Contains("cache 30", lines);
        Assert.Contains("health :8080", lines);
        Assert.Contains("ready :8181", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("proxy", StringComparison.Ordinal) || l.StartsWith("upstream", StringComparison.Ordinal));
        Assert.Equal(["-conf", "/etc/coredns/Corefile"], SampleCluster.CoreDns.ToArgs());
        var user = SampleCluster.CoreDns with { User = "coredns" };
        Assert.Equal(["CAP_NET_BIND_SERVICE"], user.ToService().AmbientCapabilities);
    }

    [Fact]
    public void Corefile_log_option_adds_the_log_plugin_inside_the_server_block()
    {
        var off = SampleCluster.CoreDns.RenderCorefile().Split('\n').Select(l => l.Trim()).ToList();
        Assert.DoesNotContain("log", off);
        var on = (SampleCluster.CoreDns with { Log = true }).RenderCorefile().Split('\n').ToList();
        // One "log" directive without arguments (every query to standard output), at the server block's level, after
        // "errors" as in CoreDNS's own Corefile examples; the blocks still balance.
        Assert.Single(on, l => l == "    log");
        Assert.Equal(on.IndexOf("    errors") + 1, on.IndexOf("    log"));
        Assert.Equal(on.Count(l => l.TrimEnd().EndsWith('{')), on.Count(l => l.Trim() == "}"));
        Assert.True(on.IndexOf("    log") < on.FindIndex(l => l.StartsWith("    kubernetes", StringComparison.Ordinal)));
    }

    [Fact]
    public void Crictl_and_host_prep_files()
    {
        var y = Yaml(SampleCluster.Containerd(ContainerdRelease.V2_1).RenderCrictlConfig());
        Assert.Equal("unix:///run/containerd/containerd.sock", S(y, "runtime-endpoint"));
        var files = SampleCluster.HostPrep.Render();
        Assert.Equal("/etc/modules-load.d/kubernetes.conf", files[0].Path);
        Assert.Contains("\noverlay\nbr_netfilter\n", files[0].Content, StringComparison.Ordinal);
        Assert.Equal("/etc/sysctl.d/99-kubernetes.conf", files[1].Path);
        Assert.Contains("net.ipv4.ip_forward = 1\n", files[1].Content, StringComparison.Ordinal);
        Assert.Contains("net.bridge.bridge-nf-call-iptables = 1\n", files[1].Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_component_renders_default_paths_for_both_init_systems()
    {
        foreach (var (name, options) in SampleCluster.Components)
        {
            var systemd = options.Render(InitSystem.Systemd);
            var openrc = options.Render(InitSystem.OpenRc);
            Assert.Equal($"/etc/systemd/system/{name}.service", systemd.ServiceFile.Path);
            Assert.Equal($"/etc/init.d/{name}", openrc.ServiceFile.Path);
            Assert.Equal("0755", openrc.ServiceFile.ModeOctal);
            Assert.Equal("0644", systemd.ServiceFile.ModeOctal);
            Assert.Equal(systemd.ConfigFiles.Select(f => f.Content), openrc.ConfigFiles.Select(f => f.Content));
        }
        var moved = SampleCluster.Kubelet.Render(InitSystem.Systemd).ServiceFile.WithPath("/usr/lib/systemd/system/kubelet.service");
        Assert.Equal("kubelet.service", moved.FileName);
    }
}
