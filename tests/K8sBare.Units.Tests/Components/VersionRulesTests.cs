using K8sBare.Units.Components;
using K8sBare.Units.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace K8sBare.Units.Tests.Components;

/// <summary>
/// Every row of <see cref="KubernetesVersionRules"/> is checked on both sides of its boundary through what the
/// options records really render (the last version before <c>Since</c> and <c>Since</c> itself).
/// </summary>
public sealed class VersionRulesTests
{
    private static KubernetesVersion Before(KubernetesVersionRule rule) => new(rule.Since.Major, rule.Since.Minor - 1);

    private static YamlMappingNode Yaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string? Field(string yaml, params string[] path)
    {
        YamlNode node = Yaml(yaml);
        foreach (var p in path)
        {
            if (node is not YamlMappingNode m || !m.Children.TryGetValue(new YamlScalarNode(p), out var child)) return null;
            node = child;
        }

        return ((YamlScalarNode)node).Value;
    }

    /// <summary>Each rule name maps to the test below that checks both of its sides; a new rule without one fails here.</summary>
    private static readonly Dictionary<string, Action<KubernetesVersionRule>> Checks = new(StringComparer.Ordinal)
    {
        ["scheduler-config-v1beta2"] = r =>
        {
            Assert.Equal("kubescheduler.config.k8s.io/v1beta1", Field(Scheduler(Before(r)).RenderConfiguration(), "apiVersion"));
            Assert.Equal("kubescheduler.config.k8s.io/v1beta2", Field(Scheduler(r.Since).RenderConfiguration(), "apiVersion"));
        },
        ["scheduler-config-v1"] = r =>
        {
            Assert.Equal("kubescheduler.config.k8s.io/v1beta2", Field(Scheduler(Before(r)).RenderConfiguration(), "apiVersion"));
            Assert.Equal("kubescheduler.config.k8s.io/v1", Field(Scheduler(r.Since).RenderConfiguration(), "apiVersion"));
        },
        ["kubelet-remote-runtime-default"] = r =>
        {
            Assert.Contains("--container-runtime=remote", Kubelet(Before(r)).ToArgs());
            Assert.DoesNotContain(Kubelet(r.Since).ToArgs(), a => a.StartsWith("--container-runtime=", StringComparison.Ordinal));
        },
        ["kubelet-runtime-endpoint-in-config"] = r =>
        {
            var before = Kubelet(Before(r));
            Assert.Contains("--container-runtime-endpoint=unix:///run/containerd/containerd.sock", before.ToArgs());
            Assert.Null(Field(before.RenderConfigFiles()[0].Content, "containerRuntimeEndpoint"));
            var since = Kubelet(r.Since);
            Assert.DoesNotContain(since.ToArgs(), a => a.StartsWith("--container-runtime-endpoint", StringComparison.Ordinal));
            Assert.Equal("unix:///run/containerd/containerd.sock", Field(since.RenderConfigFiles()[0].Content, "containerRuntimeEndpoint"));
        },
        ["insecure-ports-removed"] = r =>
        {
            Assert.Contains("--port=0", Scheduler(Before(r)).ToArgs());
            // A scheduler started with --config ignores --port=0 (seen on 1.20): before the boundary it runs from flags.
            Assert.DoesNotContain(Scheduler(Before(r)).ToArgs(), a => a.StartsWith("--config", StringComparison.Ordinal));
            Assert.Contains($"--kubeconfig={SampleCluster.Scheduler.Kubeconfig}", Scheduler(Before(r)).ToArgs());
            Assert.Empty(Scheduler(Before(r)).RenderConfigFiles());
            Assert.Contains($"--config={SampleCluster.Scheduler.ConfigPath}", Scheduler(r.Since).ToArgs());
            Assert.Single(Scheduler(r.Since).RenderConfigFiles());
            Assert.Contains("--port=0", (SampleCluster.ControllerManager with { Version = Before(r) }).ToArgs());
            Assert.DoesNotContain(Scheduler(r.Since).ToArgs(), a => a.StartsWith("--port", StringComparison.Ordinal));
            Assert.DoesNotContain((SampleCluster.ControllerManager with { Version = r.Since }).ToArgs(), a => a.StartsWith("--port", StringComparison.Ordinal));
            // --port is in the removed-flags table from the same version on: the two tables agree.
            Assert.NotNull(Flags.RemovedFlags.Find(Flags.ComponentKind.KubeScheduler, "port", new Version(r.Since.Major, r.Since.Minor)));
            Assert.Null(Flags.RemovedFlags.Find(Flags.ComponentKind.KubeScheduler, "port", new Version(r.Since.Major, r.Since.Minor - 1)));
        },
        ["eviction-policy-v1"] = r =>
        {
            Assert.Equal("policy/v1beta1", KubernetesVersionRules.EvictionApiVersion(Before(r)));
            Assert.Equal("policy/v1", KubernetesVersionRules.EvictionApiVersion(r.Since));
        },
        ["kubelet-cri-v1"] = r =>
        {
            // Facts for the pairing check in K8sBare.Cluster (containerd 2.x serves CRI v1 only).
            Assert.False(r.AppliesTo(Before(r)));
            Assert.True(r.AppliesTo(r.Since));
        },
        ["no-auto-sa-token-secrets"] = r =>
        {
            Assert.False(r.AppliesTo(Before(r)));
            Assert.True(r.AppliesTo(r.Since));
        },
        ["maintained-upstream"] = r =>
        {
            Assert.False(Before(r).IsMaintained);
            Assert.True(Before(r).IsSupported);
            Assert.True(r.Since.IsMaintained);
        },
        ["nftables-proxy-beta"] = r =>
        {
            Assert.Contains((SampleCluster.KubeProxy with { Version = Before(r), Mode = ProxyMode.Nftables }).Validate(), p => p.Option == "KubeProxyOptions.Mode");
            Assert.Empty((SampleCluster.KubeProxy with { Version = r.Since, Mode = ProxyMode.Nftables }).Validate());
        },
        ["nftables-proxy-ga"] = r =>
        {
            var off = new SortedDictionary<string, bool>(StringComparer.Ordinal) { [KubeProxyOptions.NftablesFeatureGate] = false };
            Assert.Empty((SampleCluster.KubeProxy with { Version = Before(r), Mode = ProxyMode.Nftables, FeatureGates = off }).Validate());
            Assert.Contains((SampleCluster.KubeProxy with { Version = r.Since, Mode = ProxyMode.Nftables, FeatureGates = off }).Validate(), p => p.Option == "KubeProxyOptions.FeatureGates");
        },
    };

    private static KubeSchedulerOptions Scheduler(KubernetesVersion v) => SampleCluster.Scheduler with { Version = v };

    private static KubeletOptions Kubelet(KubernetesVersion v) => SampleCluster.Kubelet with { Version = v };

    public static TheoryData<string> RuleNames()
    {
        var data = new TheoryData<string>();
        foreach (var r in KubernetesVersionRules.All) data.Add(r.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void Each_rule_renders_differently_on_both_sides_of_its_boundary(string name)
    {
        var rule = KubernetesVersionRules.All.Single(r => r.Name == name);
        Assert.True(rule.Since > KubernetesVersion.MinSupported && rule.Since <= KubernetesVersion.MaxSupported, $"{name}: its boundary {rule.Since} is outside the supported range");
        Assert.True(Checks.TryGetValue(name, out var check), $"rule {name} has no boundary check in {nameof(VersionRulesTests)}");
        check(rule);
    }

    [Fact]
    public void Rule_names_are_unique_and_each_has_a_source()
    {
        Assert.Equal(KubernetesVersionRules.All.Count, KubernetesVersionRules.All.Select(r => r.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(KubernetesVersionRules.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Source)));
    }

    [Fact]
    public void Kubernetes_1_20_renders_what_a_1_20_binary_accepts()
    {
        var v = KubernetesVersion.V1_20;
        Assert.True(v.IsSupported);
        Assert.False(v.IsMaintained);
        Assert.Equal("kubescheduler.config.k8s.io/v1beta1", Field(Scheduler(v).RenderConfiguration(), "apiVersion"));
        var kubelet = Kubelet(v).ToArgs();
        Assert.Contains("--container-runtime=remote", kubelet);
        Assert.Contains("--container-runtime-endpoint=unix:///run/containerd/containerd.sock", kubelet);
        Assert.Contains("--port=0", (SampleCluster.ControllerManager with { Version = v }).ToArgs());
        Assert.Equal("policy/v1beta1", KubernetesVersionRules.EvictionApiVersion(v));
        Assert.Empty((SampleCluster.ApiServer with { Version = v }).Validate());
        Assert.Empty((SampleCluster.KubeProxy with { Version = v }).Validate());
    }
}
