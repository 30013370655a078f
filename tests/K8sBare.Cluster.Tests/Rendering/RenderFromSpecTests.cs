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
}
