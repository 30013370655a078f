using K8sBare.Cluster.Artifacts;
using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Cluster.Validation;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Rendering;

/// <summary>The daemon-less pod network and the host-dependent runtime switches, as rendered (the end-to-end test runs them).</summary>
public sealed class PodNetworkRenderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<ClusterArtifacts> RenderAsync(ClusterSpec spec) => ClusterRenderer.RenderAsync(spec, _dir.Combine("pki"));

    private static ClusterSpec StaticRoutes() => SampleSpecs.Twenty() with
    {
        PodNetwork = PodNetworkMode.StaticRoutes,
        Network = new ClusterNetwork { SharedLayer2 = true },
    };

    [Fact]
    public async Task Static_routes_give_each_worker_its_range_on_a_bridge_and_routes_to_the_others()
    {
        var a = await RenderAsync(StaticRoutes());
        Assert.Contains("\"subnet\": \"10.200.0.0/24\"", a["node-1"].File("/etc/cni/net.d/10-bridge.conflist")!.Content, StringComparison.Ordinal);
        Assert.Contains("\"subnet\": \"10.200.1.0/24\"", a["node-2"].File("/etc/cni/net.d/10-bridge.conflist")!.Content, StringComparison.Ordinal);
        Assert.Contains("route replace 10.200.1.0/24 via 10.0.0.12\n", a["node-1"].File("/etc/kubernetes/pod-routes.sh")!.Content, StringComparison.Ordinal);
        Assert.Contains("route replace 10.200.0.0/24 via 10.0.0.11\n", a["node-2"].File("/etc/kubernetes/pod-routes.sh")!.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("via 10.0.0.11", a["node-1"].File("/etc/kubernetes/pod-routes.sh")!.Content, StringComparison.Ordinal);
        foreach (var w in new[] { "node-1", "node-2" })
        {
            Assert.DoesNotContain(a[w].Services, s => s.Name == "flanneld");
            Assert.DoesNotContain(a[w].Binaries, b => b.Name is "flannel" or "flanneld");
            Assert.Null(a[w].File("/etc/cni/net.d/10-flannel.conflist"));
            // The routes go in before every kubelet start; a changed route file restarts the kubelet.
            Assert.Contains(a[w].Services.Single(s => s.Name == "kubelet").Files, f => f == "/etc/kubernetes/pod-routes.sh");
        }
        Assert.Contains("ExecStartPre=/bin/sh /etc/kubernetes/pod-routes.sh", a["node-1"].File("/etc/systemd/system/kubelet.service")!.Content, StringComparison.Ordinal);
        Assert.Contains("/etc/kubernetes/pod-routes.sh", a["node-2"].File("/etc/init.d/kubelet")!.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Static_routes_without_shared_layer2_warn()
    {
        var spec = SampleSpecs.Twenty() with { PodNetwork = PodNetworkMode.StaticRoutes };
        Assert.Contains(spec.Validate(ValidationOptions.ForRender).Warnings, w => w.Field == "podNetwork");
        Assert.DoesNotContain(StaticRoutes().Validate(ValidationOptions.ForRender).Warnings, w => w.Field == "podNetwork");
    }

    [Fact]
    public async Task Host_specific_switches_are_off_unless_the_spec_sets_them()
    {
        var plain = await RenderAsync(SampleSpecs.Twenty());
        Assert.DoesNotContain("restrict_oom_score_adj", plain["node-1"].File("/etc/containerd/config.toml")!.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("maxPerCore", plain["node-1"].File("/var/lib/kube-proxy/kube-proxy-config.yaml")!.Content, StringComparison.Ordinal);

        var tuned = await RenderAsync(SampleSpecs.Twenty() with
        {
            ContainerRuntime = new ContainerRuntimeSettings { RestrictOomScoreAdj = true, SandboxImage = "registry.k8s.io/pause:3.2" },
            KubeProxy = new KubeProxySettings { ConntrackMaxPerCore = 0 },
        });
        var toml = tuned["node-2"].File("/etc/containerd/config.toml")!.Content;
        Assert.Contains("restrict_oom_score_adj = true", toml, StringComparison.Ordinal);
        Assert.Contains("sandbox = \"registry.k8s.io/pause:3.2\"", toml, StringComparison.Ordinal);   // containerd 2.1: pinned_images
        Assert.Contains("maxPerCore: 0", tuned["node-2"].File("/var/lib/kube-proxy/kube-proxy-config.yaml")!.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Preloaded_images_must_exist_name_their_images_and_hold_the_sandbox_image()
    {
        var archive = _dir.Combine("pause.tar");
        File.WriteAllText(archive, "not checked here");
        var ok = SampleSpecs.Twenty() with { ContainerRuntime = new ContainerRuntimeSettings { SandboxImage = "registry.k8s.io/pause:3.2", PreloadImages = [new ImageArchive(archive, ["registry.k8s.io/pause:3.2"])] } };
        var report = ok.Validate(ValidationOptions.ForRender with { CheckLocalFiles = true });
        Assert.DoesNotContain(report.Problems, p => p.Field.StartsWith("containerRuntime", StringComparison.Ordinal));

        var other = ok with { ContainerRuntime = ok.ContainerRuntime with { SandboxImage = "registry.k8s.io/pause:3.10" } };
        Assert.Contains(other.Validate(ValidationOptions.ForRender).Warnings, w => w.Field == "containerRuntime.sandboxImage");
        var missing = ok with { ContainerRuntime = ok.ContainerRuntime with { PreloadImages = [new ImageArchive(_dir.Combine("nope.tar"), [])] } };
        var errors = missing.Validate(ValidationOptions.ForRender with { CheckLocalFiles = true }).Errors.Select(e => e.Field).ToList();
        Assert.Contains("containerRuntime.preloadImages[0].localPath", errors);
        Assert.Contains("containerRuntime.preloadImages[0].images", errors);
    }
}
