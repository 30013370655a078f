using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Operations;
using K8sBare.Etcd;
using K8sBare.Testing;
using K8sBare.Testing.Testbed;
using Xunit.Abstractions;

namespace K8sBare.Cluster.Tests.EndToEnd;

/// <summary>
/// Day-2 node operations on the test bed with real etcd: a control-plane/etcd host killed hard and replaced by a fresh
/// host at the same address, and the unsafe requests refused with the member list unchanged.
/// </summary>
public sealed class EtcdNodeOperationsEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private NodeOperationOptions Options => new() { PkiDirectory = _dir.Combine("pki"), ConnectTimeout = TimeSpan.FromSeconds(5), ApiTimeout = TimeSpan.FromSeconds(3) };

    private static async Task<IReadOnlyList<EtcdMember>> MembersAsync(ClusterSpec spec, string pki, params string[] via)
    {
        using var admin = await EtcdTestbedCluster.AdminAsync(spec, pki, via.Length == 0 ? null : via);
        return await admin.ListMembersAsync();
    }

    private static string Describe(IEnumerable<EtcdMember> members) => string.Join(" | ", members.OrderBy(m => m.Id).Select(m => m.ToString()));

    [RequiresTheory("systemd-nspawn", "debootstrap", "etcd", Root = true)]
    [InlineData("3.4")]
    [InlineData("3.5")]
    public async Task A_hard_killed_control_plane_is_replaced_by_a_fresh_host_at_the_same_address_with_every_key_and_three_healthy_members(string etcdVersion)
    {
        await using var tb = await Testbed.StartAsync(new TestbedOptions { SystemdHosts = ["cp-1", "cp-2", "cp-3"] });
        var pki = _dir.Combine("pki");
        var spec = EtcdTestbedCluster.ControlPlanes(tb, etcdVersion, "cp-1", "cp-2", "cp-3").Build();
        await EtcdTestbedCluster.ApplyAsync(spec, pki);
        using (var admin = await EtcdTestbedCluster.AdminAsync(spec, pki))
            for (var i = 0; i < 100; i++) await admin.PutAsync($"/before/key-{i:000}", $"value-{i}");
        var oldId = (await MembersAsync(spec, pki)).Single(m => m.Name == "cp-2").Id;

        // The host dies (SIGKILL to its PID 1); writes go on with 2 of 3; then a fresh host boots at the same address.
        await tb["cp-2"].KillAsync();
        using (var survivors = await EtcdTestbedCluster.AdminAsync(spec, pki, [tb["cp-1"].Address, tb["cp-3"].Address]))
        {
            // If cp-2 led, the survivors elect a new leader first (a write sent meanwhile times out): wait for one.
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while ((await survivors.GetStatusAsync(new Uri($"https://{tb["cp-1"].Address}:2379"), wait.Token)) is { } s && (s.Leader.IsNone || s.Leader == oldId))
                await Task.Delay(200, wait.Token);
            for (var i = 0; i < 20; i++) await survivors.PutAsync($"/while-dead/key-{i:00}", $"value-{i}");
        }

        await tb["cp-2"].WipeAsync();
        await tb["cp-2"].StartAsync();
        Assert.False((await tb["cp-2"].ExecAsync($"test -e {EtcdClusterProbe.MemberDir}")).ExitCode == 0, "the fresh host has no etcd data");

        var ops = new ClusterNodeOperations(new SshConnectionFactory());
        var plan = await ops.PlanReplaceAsync(spec, "cp-2", null, Options);
        output.WriteLine(plan.ToString());
        Assert.True(plan.IsSafe, plan.ToString());
        Assert.Contains(plan.Steps, s => s.Action == "remove etcd member" && s.Detail.StartsWith(oldId.ToString(), StringComparison.Ordinal));

        NodeOperationResult result;
        try
        {
            result = await ops.ReplaceAsync(spec, "cp-2", null, Options);
        }
        catch (ApplyException ex)
        {
            foreach (var c in ex.Partial.Changes) output.WriteLine($"  done before the failure: {c}");
            foreach (var r in ex.Partial.ServiceRestarts) output.WriteLine($"  restart before the failure: {r}");
            foreach (var h in new[] { "cp-1", "cp-2" })
                output.WriteLine($"--- {h} etcd log:\n" + (await tb[h].ExecAsync("journalctl -u etcd --no-pager -n 25 | cut -c1-300")).StdOut);
            throw;
        }

        foreach (var o in result.Outcomes) output.WriteLine(o);
        output.WriteLine($"replacement (etcd {etcdVersion}): etcd part {result.EtcdDuration!.Value.TotalSeconds:0.0} s, whole operation {result.Duration.TotalSeconds:0.0} s");

        using var all = await EtcdTestbedCluster.AdminAsync(spec, pki);
        var members = await all.ListMembersAsync();
        Assert.Equal(["cp-1", "cp-2", "cp-3"], members.Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(members, m => m.Id == oldId);
        Assert.All(members, m => Assert.False(m.IsLearner, $"{m} is still a learner"));
        var health = await all.CheckMembersHealthAsync();
        Assert.True(health.Count == 3 && health.All(h => h.Healthy), string.Join("; ", health.Select(h => $"{h.Member.Name}: {h.Healthy} {h.Error}")));
        var statuses = await EtcdTestbedCluster.StatusOfEachAsync(all, spec);
        Assert.Single(statuses.Select(s => s.ClusterId).Distinct());
        foreach (var n in spec.EtcdNodes)
        {
            using var one = await EtcdTestbedCluster.AdminAsync(spec, pki, [n.Address]);
            Assert.Equal(100, (await one.GetPrefixAsync("/before/")).Count);
            Assert.Equal(20, (await one.GetPrefixAsync("/while-dead/")).Count);
        }
    }

    [RequiresFact("systemd-nspawn", "debootstrap", "etcd", Root = true)]
    public async Task Unsafe_requests_are_refused_before_any_change_and_the_member_list_stays_the_same()
    {
        await using var tb = await Testbed.StartAsync(new TestbedOptions { SystemdHosts = ["cp-1", "cp-2", "cp-3"] });
        var pki = _dir.Combine("pki");
        var spec = EtcdTestbedCluster.ControlPlanes(tb, "3.5", "cp-1", "cp-2", "cp-3").Build();
        await EtcdTestbedCluster.ApplyAsync(spec, pki);
        var ops = new ClusterNodeOperations(new SshConnectionFactory());
        var before = Describe(await MembersAsync(spec, pki));

        // 3 -> 2 voting members without consent.
        var even = await Assert.ThrowsAsync<UnsafeNodeOperationException>(() => ops.RemoveAsync(spec, "cp-3", Options));
        output.WriteLine(even.Message);
        Assert.Contains("2 voting members", even.Message, StringComparison.Ordinal);
        Assert.Contains("AllowEvenMemberCount", even.Message, StringComparison.Ordinal);
        Assert.Equal(before, Describe(await MembersAsync(spec, pki)));
        Assert.Equal("active", (await tb["cp-3"].ExecAsync("systemctl is-active etcd")).StdOut.Trim());

        // Two of three hosts dead: replacing one would need a quorum the survivor alone cannot give.
        await tb["cp-2"].KillAsync();
        await tb["cp-3"].KillAsync();
        await tb["cp-2"].WipeAsync();
        await tb["cp-2"].StartAsync();
        var quorum = await Assert.ThrowsAsync<UnsafeNodeOperationException>(() => ops.ReplaceAsync(spec, "cp-2", null, Options));
        output.WriteLine(quorum.Message);
        Assert.Contains("quorum", quorum.Message, StringComparison.Ordinal);
        Assert.Equal(before, Describe(await MembersAsync(spec, pki, tb["cp-1"].Address)));
        Assert.False((await tb["cp-2"].ExecAsync("systemctl is-enabled etcd")).ExitCode == 0, "nothing was installed on the replacement");
    }
}
