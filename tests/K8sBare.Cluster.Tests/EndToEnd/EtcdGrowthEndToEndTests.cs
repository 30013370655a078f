using K8sBare.Cluster.Apply;
using K8sBare.Etcd;
using K8sBare.Testing;
using K8sBare.Testing.Testbed;
using Xunit.Abstractions;

namespace K8sBare.Cluster.Tests.EndToEnd;

/// <summary>
/// Issue 12's split brain, replayed with real etcd on the test bed: day 1 applies one control plane and data is
/// written; day 2 adds two control planes to the spec and applies. Before the fix cp-2 and cp-3 bootstrapped with
/// <c>--initial-cluster-state=new</c> and no member add: a second cluster ID with no data. Now they join one at a time
/// as learners and are promoted: one cluster ID on all members, three voters, every key present, cp-1 never restarted.
/// </summary>
public sealed class EtcdGrowthEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [RequiresTheory("systemd-nspawn", "debootstrap", "etcd", "etcdctl", Root = true)]
    [InlineData("3.4")]
    [InlineData("3.5")]
    public async Task Growing_one_control_plane_to_three_joins_etcd_members_into_the_one_cluster_with_all_data(string etcdVersion)
    {
        await using var tb = await Testbed.StartAsync(new TestbedOptions { SystemdHosts = ["cp-1", "cp-2", "cp-3"] });
        var pki = _dir.Combine("pki");
        var day1 = EtcdTestbedCluster.ControlPlanes(tb, etcdVersion, "cp-1").Build();
        var first = await EtcdTestbedCluster.ApplyAsync(day1, pki);
        Assert.DoesNotContain(first.NotStarted, n => n.Service == "etcd");

        using (var admin = await EtcdTestbedCluster.AdminAsync(day1, pki))
            for (var i = 0; i < 50; i++) await admin.PutAsync($"/day1/key-{i:00}", $"value-{i}");
        var cp1Pid = await EtcdTestbedCluster.EtcdPidAsync(tb["cp-1"]);

        var day2 = ClusterBuilder.From(day1).AddControlPlane("cp-2", tb["cp-2"].Address).AddControlPlane("cp-3", tb["cp-3"].Address).Build();
        var second = await EtcdTestbedCluster.ApplyAsync(day2, pki);
        foreach (var e in second.Events.Where(e => e.Phase == ApplyPhase.Etcd || e.Step == "etcd membership")) output.WriteLine(e.ToString());

        using (var admin = await EtcdTestbedCluster.AdminAsync(day2, pki))
        {
            var statuses = await EtcdTestbedCluster.StatusOfEachAsync(admin, day2);
            foreach (var s in statuses) output.WriteLine($"{s.Endpoint}: member {s.MemberId} cluster {s.ClusterId:x} leader {s.Leader} learner {s.IsLearner}");
            Assert.Single(statuses.Select(s => s.ClusterId).Distinct());
            Assert.Single(statuses.Select(s => s.Leader).Distinct());
            var members = await admin.ListMembersAsync();
            Assert.Equal(["cp-1", "cp-2", "cp-3"], members.Select(m => m.Name).Order(StringComparer.Ordinal));
            Assert.All(members, m => Assert.False(m.IsLearner, $"{m} is still a learner"));
            // Every key written on day 1, read through each member's own endpoint.
            foreach (var n in day2.EtcdNodes)
            {
                using var one = await EtcdTestbedCluster.AdminAsync(day2, pki, [n.Address]);
                Assert.Equal(50, (await one.GetPrefixAsync("/day1/")).Count);
            }
        }

        Assert.Contains(second.Changes, c => c.Kind == ChangeKind.EtcdMemberAdded && c.Host == "cp-2");
        Assert.Contains(second.Changes, c => c.Kind == ChangeKind.EtcdMemberPromoted && c.Host == "cp-3");
        // The established member was neither rewritten into a bootstrap nor restarted.
        Assert.Equal(cp1Pid, await EtcdTestbedCluster.EtcdPidAsync(tb["cp-1"]));
        foreach (var host in new[] { "cp-1", "cp-2", "cp-3" })
        {
            var unit = (await tb[host].ExecAsync("cat /etc/systemd/system/etcd.service")).EnsureSuccess("cat unit").StdOut;
            Assert.Contains("--initial-cluster-state=existing", unit, StringComparison.Ordinal);
        }

        // Settled: the next apply changes and restarts nothing.
        var third = await EtcdTestbedCluster.ApplyAsync(day2, pki);
        Assert.True(third.Changes.Count == 0, string.Join("\n", third.Changes));
        Assert.Empty(third.ServiceRestarts);
    }
}
