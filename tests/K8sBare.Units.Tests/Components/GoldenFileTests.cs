using K8sBare.Units.Components;
using K8sBare.Units.Services;
using K8sBare.Units.Tests.Support;

namespace K8sBare.Units.Tests.Components;

/// <summary>Byte-for-byte golden files for every artifact (UPDATE_GOLDEN=1 rewrites them).</summary>
public sealed class GoldenFileTests
{
    [Theory]
    [MemberData(nameof(SampleCluster.ComponentNames), MemberType = typeof(SampleCluster))]
    public void Systemd_unit_matches_golden(string component) =>
        Golden.AssertMatches($"{component}.service", SampleCluster.Get(component).ToService().Render(InitSystem.Systemd).Content);

    [Theory]
    [MemberData(nameof(SampleCluster.ComponentNames), MemberType = typeof(SampleCluster))]
    public void OpenRc_script_matches_golden(string component) =>
        Golden.AssertMatches($"{component}.openrc", SampleCluster.Get(component).ToService().Render(InitSystem.OpenRc).Content);

    public static IEnumerable<object[]> ConfigFiles() => Configs().Select(c => new object[] { c.Name });

    private static IEnumerable<(string Name, Func<string> Render)> Configs() =>
    [
        ("kubelet-config.yaml", () => SampleCluster.Kubelet.Config.Render()),
        ("kube-proxy-config.yaml", () => SampleCluster.KubeProxy.RenderConfiguration()),
        ("kube-proxy-config-nftables.yaml", () => (SampleCluster.KubeProxy with { Version = KubernetesVersion.V1_33, Mode = ProxyMode.Nftables }).RenderConfiguration()),
        ("kube-scheduler.yaml", () => SampleCluster.Scheduler.RenderConfiguration()),
        ("containerd-1.7.toml", () => SampleCluster.Containerd(ContainerdRelease.V1_7).RenderConfig()),
        ("containerd-2.0.toml", () => SampleCluster.Containerd(ContainerdRelease.V2_0).RenderConfig()),
        ("containerd-2.1.toml", () => SampleCluster.Containerd(ContainerdRelease.V2_1).RenderConfig()),
        ("crictl.yaml", () => SampleCluster.Containerd(ContainerdRelease.V2_1).RenderCrictlConfig()),
        ("10-flannel.conflist", () => SampleCluster.Cni.RenderConfList()),
        ("99-loopback.conf", () => SampleCluster.Cni.RenderLoopback()),
        ("flannel-net-conf-vxlan.json", () => new FlannelNetworkConfig().Render()),
        ("flannel-net-conf-host-gw.json", () => new FlannelNetworkConfig { Backend = new FlannelBackend { Type = FlannelBackendType.HostGw } }.Render()),
        ("flannel-net-conf-wireguard.json", () => new FlannelNetworkConfig { Backend = new FlannelBackend { Type = FlannelBackendType.Wireguard, ListenPort = 51820, PersistentKeepaliveInterval = 25 } }.Render()),
        ("flannel-etcd-value.json", () => new FlannelNetworkConfig().RenderCompact() + "\n"),
        ("Corefile", () => SampleCluster.CoreDns.RenderCorefile()),
        ("rbac-apiserver-to-kubelet.yaml", () => RbacManifests.ApiServerToKubelet().Content),
        ("rbac-coredns.yaml", () => RbacManifests.CoreDns().Content),
        ("haproxy.cfg", () => SampleCluster.Haproxy.RenderConfig()),
        ("nginx.conf", () => SampleCluster.Nginx.RenderConfig()),
        ("keepalived.conf", () => SampleCluster.Keepalived.RenderConfig()),
        ("check_apiserver.sh", () => SampleCluster.Keepalived.RenderCheckScript()),
        ("encryption-config.yaml", () => SampleCluster.Encryption.Render().Content),
        ("modules-load.conf", () => SampleCluster.HostPrep.Render()[0].Content),
        ("sysctl.conf", () => SampleCluster.HostPrep.Render()[1].Content),
    ];

    [Theory]
    [MemberData(nameof(ConfigFiles))]
    public void Config_file_matches_golden(string name) =>
        Golden.AssertMatches(name, Configs().Single(c => c.Name == name).Render());

    [Fact]
    public void Rendering_is_deterministic_and_LF_only()
    {
        foreach (var (name, options) in SampleCluster.Components)
        {
            var a = options.Render(InitSystem.Systemd).Files;
            var b = options.Render(InitSystem.Systemd).Files;
            Assert.Equal(a.Select(f => f.Content), b.Select(f => f.Content));
            Assert.All(a, f => Assert.DoesNotContain('\r', f.Content));
            Assert.All(a, f => Assert.EndsWith("\n", f.Content, StringComparison.Ordinal));
            Assert.All(options.Render(InitSystem.OpenRc).Files, f => Assert.DoesNotContain('\r', f.Content));
            Assert.NotEmpty(name);
        }
    }

    [Fact]
    public void Update_golden_under_ci_fails_and_leaves_the_file_alone()
    {
        using var dir = new K8sBare.Testing.TempDirectory("k8sbare-golden");
        File.WriteAllText(dir.Combine("x.txt"), "reviewed\n");
        var ex = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Golden.AssertMatches(dir.Path, "x", "something else\n", updating: true, ci: true));
        Assert.Contains("never rewritten by CI", ex.Message, StringComparison.Ordinal);
        Assert.Equal("reviewed\n", File.ReadAllText(dir.Combine("x.txt")));

        // Outside CI the same call rewrites it (the behaviour the guard stops), and a plain comparison then passes.
        Golden.AssertMatches(dir.Path, "x", "something else\n", updating: true, ci: false);
        Assert.Equal("something else\n", File.ReadAllText(dir.Combine("x.txt")));
        Golden.AssertMatches(dir.Path, "x", "something else\n", updating: false, ci: true);
    }
}
