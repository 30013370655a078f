using K8sBare.Units.Components;
using K8sBare.Units.Flags;
using K8sBare.Units.Tests.Support;

namespace K8sBare.Units.Tests.Components;

public sealed class ValidationTests
{
    [Fact]
    public void Sample_cluster_is_valid()
    {
        foreach (var (name, options) in SampleCluster.Components) Assert.True(options.Validate().Count == 0, $"{name}: {string.Join("; ", options.Validate())}");
    }

    [Theory]
    [InlineData("network-plugin", "1.24")]
    [InlineData("--container-runtime", "1.27")]
    [InlineData("--allow-privileged", "1.15")]
    [InlineData("image-pull-progress-deadline", "1.24")]
    [InlineData("cni-bin-dir", "1.24")]
    public void Kubelet_extra_args_with_removed_flags_are_refused_with_the_replacement(string flag, string removedIn)
    {
        var opts = SampleCluster.Kubelet with { ExtraArgs = new Dictionary<string, string> { [flag] = "x" } };
        var p = Assert.Single(opts.Validate());
        Assert.Equal($"KubeletOptions.ExtraArgs[{flag}]", p.Option);
        Assert.Contains($"removed from kubelet in Kubernetes {removedIn}", p.Message, StringComparison.Ordinal);
        var ex = Assert.Throws<UnitsException>(() => opts.ToArgs());
        Assert.Contains(flag.TrimStart('-'), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Container_runtime_message_names_the_config_field_that_replaces_it()
    {
        var opts = SampleCluster.Kubelet with { ExtraArgs = new Dictionary<string, string> { ["container-runtime"] = "remote" } };
        Assert.Contains("containerRuntimeEndpoint", Assert.Single(opts.Validate()).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("insecure-port")]
    [InlineData("insecure-bind-address")]
    [InlineData("kubelet-https")]
    public void Apiserver_removed_flags_are_refused(string flag)
    {
        var opts = SampleCluster.ApiServer with { ExtraArgs = new Dictionary<string, string> { [flag] = "0" } };
        Assert.Contains(opts.Validate(), p => p.Option == $"KubeApiServerOptions.ExtraArgs[{flag}]");
    }

    [Fact]
    public void Allowed_extra_args_replace_typed_flags_in_place_or_append_in_key_order()
    {
        var opts = SampleCluster.Kubelet with { ExtraArgs = new Dictionary<string, string> { ["node-ip"] = "10.0.0.99", ["v"] = "4", ["--max-open-files"] = "100000" } };
        var args = opts.ToArgs();
        Assert.Equal("--node-ip=10.0.0.99", args[3]);
        Assert.Equal(["--max-open-files=100000", "--v=4"], args.Skip(args.Count - 2));
    }

    [Fact]
    public void Etcd_3_6_refuses_the_v2_flags_3_5_accepts()
    {
        var v35 = SampleCluster.Etcd with { ExtraArgs = new Dictionary<string, string> { ["enable-v2"] = "true" } };
        Assert.Empty(v35.Validate());
        var v36 = v35 with { EtcdVersion = new Version(3, 6) };
        Assert.Contains("removed from etcd in etcd 3.6", Assert.Single(v36.Validate()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apiserver_always_emits_what_upstream_requires()
    {
        var args = SampleCluster.ApiServer.ToArgs();
        Assert.Contains("--service-account-issuer=https://10.0.0.10:6443", args);
        Assert.Contains("--service-account-key-file=/var/lib/kubernetes/sa.pub", args);
        Assert.Contains("--service-account-signing-key-file=/var/lib/kubernetes/sa.key", args);
        Assert.Contains("--service-cluster-ip-range=10.32.0.0/24", args);
        Assert.Contains("--enable-admission-plugins=NodeRestriction", args);
        Assert.Contains("--authorization-mode=Node,RBAC", args);
        Assert.DoesNotContain(args, a => a.StartsWith("--insecure", StringComparison.Ordinal) || a.StartsWith("--apiserver-count", StringComparison.Ordinal));
        var plain = SampleCluster.ApiServer with { EtcdServers = ["http://127.0.0.1:2379"] };
        Assert.DoesNotContain(plain.ToArgs(), a => a.StartsWith("--etcd-cafile", StringComparison.Ordinal) || a.StartsWith("--etcd-keyfile", StringComparison.Ordinal));
        var extra = SampleCluster.ApiServer with { AdmissionPlugins = ["PodNodeSelector", "NodeRestriction"] };
        Assert.Contains("--enable-admission-plugins=NodeRestriction,PodNodeSelector", extra.ToArgs());
    }

    [Fact]
    public void Validate_returns_every_problem_at_once_each_naming_its_option()
    {
        var bad = SampleCluster.ApiServer with
        {
            SecurePort = 70000,
            ServiceClusterIpRange = "10.32.0.1/24",
            AdvertiseAddress = "not-an-ip",
            ServiceAccountIssuer = "http://insecure",
            ServiceNodePortRange = "32767-30000",
            ExtraArgs = new Dictionary<string, string> { ["insecure-port"] = "0" },
        };
        var options = bad.Validate().Select(p => p.Option).ToList();
        Assert.Contains("KubeApiServerOptions.SecurePort", options);
        Assert.Contains("KubeApiServerOptions.ServiceClusterIpRange", options);
        Assert.Contains("KubeApiServerOptions.AdvertiseAddress", options);
        Assert.Contains("KubeApiServerOptions.ServiceAccountIssuer", options);
        Assert.Contains("KubeApiServerOptions.ServiceNodePortRange", options);
        Assert.Contains("KubeApiServerOptions.ExtraArgs[insecure-port]", options);
        var ex = Assert.Throws<UnitsException>(() => bad.ToService());
        Assert.Equal(bad.Validate().Count, ex.Problems.Count);
        Assert.Contains("port 70000 is out of range", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_pod_and_service_ranges_are_refused()
    {
        var kcm = SampleCluster.ControllerManager with { ClusterCidr = "10.32.0.0/16", ServiceClusterIpRange = "10.32.0.0/24" };
        var p = Assert.Single(kcm.Validate());
        Assert.Equal("KubeControllerManagerOptions.ClusterCidr", p.Option);
        Assert.Contains("overlaps", p.Message, StringComparison.Ordinal);
        var api = SampleCluster.ApiServer with { ClusterCidr = "10.0.0.0/8" };
        Assert.Contains(api.Validate(), x => x.Option == "KubeApiServerOptions.ClusterCidr");
    }

    [Theory]
    [InlineData("10.200.0.0")]
    [InlineData("10.200.0.0/33")]
    [InlineData("banana/16")]
    [InlineData("10.200.0.1/16")]
    public void Bad_cidrs_are_refused(string cidr)
    {
        var p = Assert.Single(new KubeProxyOptions { ClusterCidr = cidr }.Validate());
        Assert.Equal("KubeProxyOptions.ClusterCidr", p.Option);
        Assert.Contains("is not a CIDR", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_kubernetes_versions_are_refused()
    {
        Assert.Contains((SampleCluster.Kubelet with { Version = new KubernetesVersion(1, 19) }).Validate(), p => p.Option == "KubeletOptions.Version");
        Assert.Empty((SampleCluster.Kubelet with { Version = KubernetesVersion.V1_20 }).Validate());
        Assert.Contains((SampleCluster.ApiServer with { Version = KubernetesVersion.Parse("v1.35.0") }).Validate(), p => p.Option == "KubeApiServerOptions.Version");
        Assert.Equal(KubernetesVersion.V1_31, KubernetesVersion.Parse("v1.31.4"));
        Assert.Throws<UnitsException>(() => KubernetesVersion.Parse("latest"));
    }

    [Fact]
    public void Etcd_membership_mistakes_are_caught_before_etcd_sees_them()
    {
        var missingSelf = SampleCluster.Etcd with { InitialCluster = SampleCluster.Members.Skip(1).ToList() };
        Assert.Contains(missingSelf.Validate(), p => p.Option == "EtcdOptions.InitialCluster" && p.Message.Contains("does not contain this member", StringComparison.Ordinal));
        var wrongUrl = SampleCluster.Etcd with { InitialAdvertisePeerUrls = ["https://10.0.0.99:2380"] };
        Assert.Contains(wrongUrl.Validate(), p => p.Message.Contains("unmatched member", StringComparison.Ordinal));
        var plain = SampleCluster.Etcd with { ListenClientUrls = ["http://10.0.0.11:2379"] };
        Assert.Contains(plain.Validate(), p => p.Option == "EtcdOptions.ListenClientUrls[0]");
        var existing = SampleCluster.Etcd with { InitialClusterState = EtcdClusterState.Existing };
        Assert.Contains("--initial-cluster-state=existing", existing.ToArgs());
    }

    [Fact]
    public void Load_balancer_and_keepalived_checks()
    {
        Assert.Contains((SampleCluster.Haproxy with { Backends = [] }).Validate(), p => p.Option == "HaproxyOptions.Backends");
        Assert.Contains((SampleCluster.Nginx with { Port = 0 }).Validate(), p => p.Option == "NginxLoadBalancerOptions.Port");
        var kp = SampleCluster.Keepalived with { VirtualIp = "10.0.0.10", AuthPass = "waytoolongpassword", VirtualRouterId = 300 };
        var options = kp.Validate().Select(p => p.Option).ToList();
        Assert.Contains("KeepalivedOptions.VirtualIp", options);
        Assert.Contains("KeepalivedOptions.AuthPass", options);
        Assert.Contains("KeepalivedOptions.VirtualRouterId", options);
        Assert.DoesNotContain(kp.Validate(), p => p.Message.Contains("waytoolongpassword", StringComparison.Ordinal));
    }

    [Fact]
    public void Removed_flag_table_is_consistent()
    {
        Assert.All(RemovedFlags.All, r => Assert.False(r.Flag.StartsWith('-')));
        Assert.Equal(RemovedFlags.All.Count, RemovedFlags.All.Select(r => (r.Component, r.Flag)).Distinct().Count());
        Assert.Null(RemovedFlags.Find(ComponentKind.KubeApiServer, "allow-privileged", new Version(1, 34)));
        Assert.NotNull(RemovedFlags.Find(ComponentKind.Kubelet, "--allow-privileged=true", new Version(1, 30)));
    }

    [Fact]
    public void Every_removed_and_deprecated_entry_cites_its_upstream_source_and_no_flag_is_both_at_once()
    {
        Assert.All(RemovedFlags.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Source) || string.IsNullOrWhiteSpace(r.Replacement), r.Flag));
        Assert.All(DeprecatedFlags.All, d => Assert.False(string.IsNullOrWhiteSpace(d.Source), d.Flag));
        // A deprecated entry must not already be removed at the version it is deprecated in.
        Assert.All(DeprecatedFlags.All, d => Assert.Null(RemovedFlags.Find(d.Component, d.Flag, d.DeprecatedIn)));
    }

    [Theory]
    [InlineData(ComponentKind.KubeApiServer)]
    [InlineData(ComponentKind.KubeControllerManager)]
    [InlineData(ComponentKind.KubeScheduler)]
    [InlineData(ComponentKind.Kubelet)]
    [InlineData(ComponentKind.KubeProxy)]
    public void Klog_output_flags_are_removed_from_every_Kubernetes_component_in_1_26_and_verbosity_stays(ComponentKind component)
    {
        foreach (var flag in new[] { "--logtostderr=false", "--log-dir=/var/log/k", "--log-file=/var/log/k.log", "--alsologtostderr", "--skip-headers" })
        {
            Assert.Null(RemovedFlags.Find(component, flag, new Version(1, 25)));
            var removed = RemovedFlags.Find(component, flag, new Version(1, 26));
            Assert.NotNull(removed);
            Assert.Contains("112120", removed.Source, StringComparison.Ordinal);
        }
        foreach (var kept in new[] { "--v=2", "--vmodule=x=4", "--log-flush-frequency=5s" })
            Assert.Null(RemovedFlags.Find(component, kept, new Version(1, 34)));
    }

    [Fact]
    public void Scheduler_policy_flags_are_removed_in_1_23_and_master_service_namespace_only_warns()
    {
        Assert.Null(RemovedFlags.Find(ComponentKind.KubeScheduler, "--policy-config-file=/etc/p.json", new Version(1, 22)));
        Assert.NotNull(RemovedFlags.Find(ComponentKind.KubeScheduler, "--policy-config-file=/etc/p.json", new Version(1, 23)));
        Assert.NotNull(RemovedFlags.Find(ComponentKind.KubeScheduler, "use-legacy-policy-config", new Version(1, 30)));
        Assert.Null(RemovedFlags.Find(ComponentKind.KubeApiServer, "master-service-namespace", new Version(1, 30)));
        Assert.Contains(DeprecatedFlags.All, d => d.Component == ComponentKind.KubeApiServer && d.Flag == "master-service-namespace");
    }
}
