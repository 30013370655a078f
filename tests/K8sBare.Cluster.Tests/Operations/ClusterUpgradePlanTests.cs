using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Operations;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Operations;

/// <summary>
/// The cluster upgrade's refusals that follow from the specs alone: each names the field and the fix, and nothing is
/// contacted (the transport records every connection). The upgrade itself runs on real components in
/// <see cref="EndToEnd.UpgradeEndToEndTests"/>.
/// </summary>
public sealed class ClusterUpgradePlanTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<(UnsafeUpgradeException Refused, int Opened)> RefuseAsync(ClusterSpec current, ClusterSpec target)
    {
        var connections = new RecordingConnectionFactory(_dir.Combine("hosts"));
        var upgrade = new ClusterUpgrade(connections);
        var options = new ClusterUpgradeOptions { Apply = new ApplyOptions { PkiDirectory = _dir.Combine("pki") } };
        var plan = await upgrade.PlanAsync(current, target, options);
        Assert.False(plan.IsSafe);
        Assert.Empty(plan.Steps);
        var refused = await Assert.ThrowsAsync<UnsafeUpgradeException>(() => upgrade.UpgradeAsync(current, target, options));
        Assert.Contains("nothing was changed", refused.Message, StringComparison.Ordinal);
        return (refused, connections.Opened);
    }

    private static ClusterSpec With(ClusterSpec spec, Func<ComponentVersions, ComponentVersions> versions) => ClusterBuilder.From(spec).WithVersions(versions).Build();

    [Fact]
    public async Task A_containerd_downgrade_is_refused_naming_the_field_without_contacting_anything()
    {
        var current = With(SampleSpecs.Twenty(), v => v with { Containerd = "2.1.0" });
        var (refused, opened) = await RefuseAsync(current, With(current, v => v with { Containerd = "1.7.24" }));
        Assert.Contains("versions.containerd: 2.1.0 → 1.7.24 is a downgrade", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Fix: set versions.containerd to 2.1.0 or newer", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, opened);
    }

    [Fact]
    public async Task An_etcd_downgrade_and_a_Kubernetes_minor_skip_are_refused_without_contacting_anything()
    {
        var current = With(SampleSpecs.Twenty(), v => v with { Kubernetes = "1.32.3", Etcd = "3.5.21" });
        var (refused, opened) = await RefuseAsync(current, With(current, v => v with { Kubernetes = "1.34.1", Etcd = "3.4.23" }));
        Assert.Contains("versions.kubernetes: 1.32 → 1.34 skips minor versions", refused.Message, StringComparison.Ordinal);
        Assert.Contains("versions.etcd: 3.5.21 → 3.4.23 is a downgrade", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, opened);
    }

    [Fact]
    public async Task A_target_with_other_nodes_is_refused_as_a_membership_change()
    {
        var current = SampleSpecs.Twenty();
        var (refused, opened) = await RefuseAsync(current, ClusterBuilder.From(current).AddWorker("node-3", "10.0.0.13").Build());
        Assert.Contains("nodes: the target spec has other nodes", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, opened);
    }
}
