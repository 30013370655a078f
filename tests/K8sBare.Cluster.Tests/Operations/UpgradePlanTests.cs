using K8sBare.Cluster.Operations;
using K8sBare.Units;

namespace K8sBare.Cluster.Tests.Operations;

/// <summary>The skew policy's rules (kubernetes.io/releases/version-skew-policy/) and the upgrade order they give.</summary>
public sealed class UpgradePlanTests
{
    private static KubernetesVersion V(int minor) => new(1, minor);

    [Fact]
    public void The_skew_rules_hold_as_published()
    {
        // kubelet newer than the apiserver; 3 minors older is allowed from 1.28, 4 is not; before 1.28 only 2.
        Assert.Contains(VersionSkewPolicy.Check([new("cp", "kube-apiserver", V(31)), new("w", "kubelet", V(32))]), p => p.Contains("newer than kube-apiserver", StringComparison.Ordinal));
        Assert.Empty(VersionSkewPolicy.Check([new("cp", "kube-apiserver", V(31)), new("w", "kubelet", V(28))]));
        Assert.Contains(VersionSkewPolicy.Check([new("cp", "kube-apiserver", V(31)), new("w", "kubelet", V(27))]), p => p.Contains("more than 3 minor", StringComparison.Ordinal));
        Assert.Contains(VersionSkewPolicy.Check([new("cp", "kube-apiserver", V(27)), new("w", "kubelet", V(24))]), p => p.Contains("more than 2 minor", StringComparison.Ordinal));
        // HA apiservers within one minor; controller-manager not newer than any apiserver, at most one older.
        Assert.Contains(VersionSkewPolicy.Check([new("a", "kube-apiserver", V(30)), new("b", "kube-apiserver", V(32))]), p => p.Contains("within 1 minor", StringComparison.Ordinal));
        Assert.Contains(VersionSkewPolicy.Check([new("a", "kube-apiserver", V(30)), new("b", "kube-apiserver", V(31)), new("b", "kube-controller-manager", V(31))]),
            p => p.Contains("newer than kube-apiserver 1.30", StringComparison.Ordinal));
        Assert.Empty(VersionSkewPolicy.Check([new("a", "kube-apiserver", V(31)), new("a", "kube-scheduler", V(30))]));
        // One minor per upgrade, never down.
        Assert.Contains("skips minor versions", Assert.Single(VersionSkewPolicy.CheckStep(V(30), V(32))), StringComparison.Ordinal);
        Assert.Contains("downgrade", Assert.Single(VersionSkewPolicy.CheckStep(V(32), V(31))), StringComparison.Ordinal);
        Assert.Empty(VersionSkewPolicy.CheckStep(V(31), V(32)));
    }

    [Fact]
    public void Control_planes_go_one_at_a_time_then_workers_drained_one_at_a_time()
    {
        var spec = ClusterBuilder.Create("up").WithVersions(v => v with { Kubernetes = "1.31.4" })
            .AddControlPlane("cp-1", "192.0.2.10").AddControlPlane("cp-2", "192.0.2.11").AddControlPlane("cp-3", "192.0.2.12")
            .AddWorker("w-1", "192.0.2.20").AddWorker("w-2", "192.0.2.21").Build();
        var plan = UpgradePlanner.Plan(spec, V(32));
        Assert.Equal(["cp-1", "cp-2", "cp-3", "cp-1", "cp-2", "cp-3", "w-1", "w-2"], plan.Steps.Select(s => s.Host));
        Assert.All(plan.Steps.Take(3), s => Assert.Equal(["kube-apiserver"], s.Components));
        Assert.All(plan.Steps.Skip(3).Take(3), s => Assert.Equal(["kube-controller-manager", "kube-scheduler"], s.Components));
        Assert.All(plan.Steps.Take(6), s => Assert.False(s.Drain));
        Assert.All(plan.Steps.Skip(6), s => { Assert.True(s.Drain); Assert.Equal(["kubelet", "kube-proxy"], s.Components); });
        // Every state on the way satisfies the policy; mid-way the kubelets are older than some apiservers, never newer.
        Assert.All(plan.Steps, s => Assert.Empty(VersionSkewPolicy.Check(s.VersionsAfter)));
        Assert.All(plan.Steps[^1].VersionsAfter, v => Assert.Equal(V(32), v.Version));

        var refused = Assert.Throws<InvalidOperationException>(() => UpgradePlanner.Plan(spec, V(33)));
        Assert.Contains("skips minor versions", refused.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", refused.Message, StringComparison.Ordinal);
    }

    // Reviewer's finding: `upgrade-plan --to` the running minor printed a full plan of steps that change nothing.
    [Fact]
    public void The_running_version_as_target_is_nothing_to_upgrade()
    {
        var spec = ClusterBuilder.Create("up").WithVersions(v => v with { Kubernetes = "1.32.3" })
            .AddControlPlane("cp-1", "192.0.2.10").AddWorker("w-1", "192.0.2.20").Build();
        var plan = UpgradePlanner.Plan(spec, V(32));
        Assert.Empty(plan.Steps);
        Assert.Contains("nothing to upgrade", plan.ToString(), StringComparison.Ordinal);
    }
}
