using K8sBare.Etcd.Tests.Support;
using K8sBare.Testing;

namespace K8sBare.Etcd.Tests.Integration;

/// <summary>The full dead-member replacement on a real 3-member cluster, on the same address.</summary>
public sealed class ReplacementTests
{
    [RequiresTheory("etcd", "etcdctl")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task A_killed_member_is_replaced_on_the_same_address_and_all_data_survives(string version)
    {
        await using var cluster = await EtcdTestCluster.StartAsync(3, version);
        using var client = cluster.CreateClient();
        for (var i = 0; i < 50; i++) await client.PutAsync($"/data/{i:D2}", $"value-{i}");
        var dead = cluster["m1"];
        var deadId = (await client.ListMembersAsync()).Single(m => m.Name == "m1").Id;

        dead.Kill();

        var membership = new EtcdMembership(client, EtcdTestCluster.MembershipOptions);
        var plan = await membership.BeginReplacementAsync(new EtcdReplacementRequest
        {
            DeadMember = deadId.ToString(), // by etcdctl's hex ID
            NewName = "m1",
            NewPeerUrls = [dead.PeerUrl],
        });

        Assert.Equal(deadId, plan.Removed.Id);
        Assert.True(plan.MustWipeDataDir);
        Assert.True(plan.Join.IsLearner); // etcd 3.4+: learner first
        Assert.Equal("existing", plan.Join.InitialClusterState);
        var entries = plan.Join.InitialCluster.Split(',');
        Assert.Equal(3, entries.Length);
        Assert.Contains($"m1={dead.PeerUrlText}", entries);
        Assert.Contains($"m0={cluster["m0"].PeerUrlText}", entries);
        Assert.Contains($"m2={cluster["m2"].PeerUrlText}", entries);
        var listed = (await client.ListMembersAsync()).Single(m => m.Id == plan.Join.MemberId);
        Assert.True(listed.IsLearner);
        Assert.False(listed.IsStarted);

        // The trap the plan warns about: the removed member restarted on its old data dir exits (code 0 on 3.4).
        dead.Start(plan.Join.InitialCluster, "existing", cluster.Token, plan.Join.Flags);
        var exit = await dead.WaitForExitAsync(TimeSpan.FromSeconds(20));
        Assert.True(exit is not null, "the removed member kept running on its old data dir:\n" + dead.LogTail());
        Assert.Equal(0, exit); // a clean exit: a supervisor would not even flag it
        Assert.Contains("removed", dead.LogTail(60), StringComparison.OrdinalIgnoreCase);
        dead.Kill();

        // Now as the plan says: wipe, start with exactly the returned flags, complete.
        dead.WipeDataDir();
        dead.Start(plan.Join.InitialCluster, "existing", cluster.Token, plan.Join.Flags);
        var health = await membership.CompleteReplacementAsync(plan);

        Assert.Equal(3, health.Count);
        Assert.All(health, h => Assert.True(h.Healthy, h.Error));
        Assert.All(health, h => Assert.False(h.Member.IsLearner));
        Assert.Contains(health, h => h.Member.Id == plan.Join.MemberId && h.Member.Name == "m1");

        // Every key written before is readable from the new member itself.
        using var fresh = cluster.CreateClient([dead.ClientUrl]);
        var all = await fresh.GetPrefixAsync("/data/");
        Assert.Equal(50, all.Count);
        Assert.Equal("value-49", all[49].Value);
        var ctl = (await cluster.EtcdctlAsync("endpoint", "health", "--cluster")).EnsureSuccess("etcdctl endpoint health --cluster");
        Assert.Equal(3, ctl.StdOut.Split('\n').Count(l => l.Contains("is healthy", StringComparison.Ordinal)) + ctl.StdErr.Split('\n').Count(l => l.Contains("is healthy", StringComparison.Ordinal)));
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task Starting_with_a_different_member_count_fails_with_member_count_is_unequal(string version)
    {
        // Why the plan's --initial-cluster must be used verbatim.
        await using var cluster = await EtcdTestCluster.StartAsync(3, version);
        using var client = cluster.CreateClient();
        var dead = cluster["m2"];
        dead.Kill();
        var plan = await new EtcdMembership(client, EtcdTestCluster.MembershipOptions).BeginReplacementAsync(new EtcdReplacementRequest
        {
            DeadMember = "m2", NewName = "m2", NewPeerUrls = [dead.PeerUrl],
        });
        var wrong = string.Join(",", plan.Join.InitialCluster.Split(',').Where(e => !e.StartsWith("m0=", StringComparison.Ordinal)));
        dead.WipeDataDir();
        dead.Start(wrong, "existing", cluster.Token, [.. plan.Join.Flags.Where(f => !f.StartsWith("--initial-cluster=", StringComparison.Ordinal)), $"--initial-cluster={wrong}"]);
        var exit = await dead.WaitForExitAsync(TimeSpan.FromSeconds(20));
        Assert.NotNull(exit);
        Assert.Contains("member count is unequal", dead.LogTail(60));
    }
}
