using K8sBare.Etcd.Tests.Support;
using K8sBare.Testing;

namespace K8sBare.Etcd.Tests.Integration;

/// <summary>Unsafe membership changes are refused before anything changes (the member list is compared).</summary>
public sealed class UnsafeChangeTests
{
    private static async Task<string> Snapshot(IEtcdClient c) =>
        string.Join("|", (await c.ListMembersAsync()).OrderBy(m => m.Id).Select(m => m.ToString()));

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task Refusals_on_a_three_member_cluster_change_nothing(string version)
    {
        await using var cluster = await EtcdTestCluster.StartAsync(3, version);
        using var client = cluster.CreateClient();
        var membership = new EtcdMembership(client, new EtcdMembershipOptions { HealthTimeout = TimeSpan.FromSeconds(3) });
        var before = await Snapshot(client);

        // 3 → 2 voters without consent.
        var even = await Assert.ThrowsAsync<UnsafeMembershipChangeException>(() => membership.RemoveByNameAsync("m2"));
        Assert.Contains("2 voting members", even.Message);
        Assert.Equal(before, await Snapshot(client));

        // 3 → 4 voters without consent.
        var even4 = await Assert.ThrowsAsync<UnsafeMembershipChangeException>(() =>
            membership.AddAsync("m3", [new Uri($"https://127.0.0.1:{EtcdPorts.Next()}")], asLearner: false));
        Assert.Contains("4 voting members", even4.Message);
        Assert.Equal(before, await Snapshot(client));

        // A peer URL that already belongs to a member.
        await Assert.ThrowsAsync<UnsafeMembershipChangeException>(() => membership.AddAsync("dup", [cluster["m1"].PeerUrl]));
        Assert.Equal(before, await Snapshot(client));

        // Adding while a member is down.
        cluster["m2"].Kill();
        var unhealthy = await Assert.ThrowsAsync<UnsafeMembershipChangeException>(() =>
            membership.AddAsync("m3", [new Uri($"https://127.0.0.1:{EtcdPorts.Next()}")]));
        Assert.Contains("unhealthy", unhealthy.Message);
        Assert.Contains(unhealthy.Members, h => h.Member.Name == "m2" && !h.Healthy);
        Assert.Equal(before, await Snapshot(client));

        // Two of three down: removing one would need votes the survivor does not have.
        cluster["m1"].Kill();
        using var survivor = cluster.CreateClient([cluster["m0"].ClientUrl]);
        var quorum = await Assert.ThrowsAsync<UnsafeMembershipChangeException>(() =>
            new EtcdMembership(survivor, new EtcdMembershipOptions { AllowEvenMemberCount = true }).RemoveByNameAsync("m2"));
        Assert.Contains("quorum", quorum.Message);
        Assert.Equal(before, await Snapshot(survivor));
        var replace = await Assert.ThrowsAsync<UnsafeMembershipChangeException>(() =>
            new EtcdMembership(survivor).BeginReplacementAsync(new EtcdReplacementRequest { DeadMember = "m2", NewName = "m2", NewPeerUrls = [cluster["m2"].PeerUrl] }));
        Assert.Contains("unhealthy", replace.Message);
        Assert.Equal(before, await Snapshot(survivor));
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task A_single_member_cluster_refuses_to_lose_its_member_or_become_even(string version)
    {
        await using var cluster = await EtcdTestCluster.StartAsync(1, version);
        using var client = cluster.CreateClient();
        var membership = new EtcdMembership(client);
        var before = await Snapshot(client);
        await Assert.ThrowsAsync<UnsafeMembershipChangeException>(() => membership.RemoveByNameAsync("m0"));
        await Assert.ThrowsAsync<UnsafeMembershipChangeException>(() =>
            membership.AddAsync("m1", [new Uri($"https://127.0.0.1:{EtcdPorts.Next()}")], asLearner: false));
        Assert.Equal(before, await Snapshot(client));
        Assert.Equal(EtcdStatusCode.NotFound, (await Assert.ThrowsAsync<EtcdException>(() => membership.RemoveByNameAsync("nobody"))).Code);
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task With_consent_a_member_is_removed_and_a_learner_added_and_promoted(string version)
    {
        await using var cluster = await EtcdTestCluster.StartAsync(3, version);
        using var client = cluster.CreateClient();
        var membership = new EtcdMembership(client, EtcdTestCluster.MembershipOptions with { AllowEvenMemberCount = true });
        var m2 = cluster["m2"];
        var m2Id = (await client.ListMembersAsync()).Single(m => m.Name == "m2").Id;
        await membership.RemoveAsync(m2Id);
        cluster.Forget(m2);
        Assert.Equal(2, (await membership.WaitForHealthyAsync(2)).Count);

        var m3 = cluster.NewMember("m3");
        var join = await membership.AddAsync("m3", [m3.PeerUrl], asLearner: true);
        Assert.True(join.IsLearner);
        Assert.Equal(3, join.InitialCluster.Split(',').Length);
        Assert.Equal("m3", join.Environment["ETCD_NAME"]);
        m3.Start(join.InitialCluster, join.InitialClusterState, cluster.Token, join.Flags);
        await EtcdTestCluster.WaitForStartedAsync(client, join.MemberId);
        var promoted = await membership.PromoteAsync(join.MemberId);
        Assert.False(promoted.IsLearner);

        var health = await membership.WaitForHealthyAsync(3);
        Assert.All(health, h => Assert.True(h.Healthy, h.Error));

        // Move m3 to another peer port: record the new URL, restart it listening there, and the cluster is whole again.
        var oldPeer = m3.PeerUrl;
        var newPeerPort = EtcdPorts.Next();
        var newPeer = new Uri($"https://127.0.0.1:{newPeerPort}");
        await Assert.ThrowsAsync<UnsafeMembershipChangeException>(() => membership.UpdatePeerUrlsAsync(join.MemberId, [cluster["m0"].PeerUrl]));
        await membership.UpdatePeerUrlsAsync(join.MemberId, [newPeer]);
        var listed = (await client.ListMembersAsync()).Single(m => m.Id == join.MemberId);
        Assert.Equal([newPeer.GetLeftPart(UriPartial.Authority)], listed.PeerUrls.Select(u => u.OriginalString));
        Assert.NotEqual(oldPeer, listed.PeerUrls[0]);
        m3.Kill();
        m3.UsePeerPort(newPeerPort);
        m3.Start(join.InitialCluster, "existing", cluster.Token, [$"--listen-peer-urls={newPeer.GetLeftPart(UriPartial.Authority)}"]);
        var after = await membership.WaitForHealthyAsync(3);
        Assert.All(after, h => Assert.True(h.Healthy, h.Error));
        await client.PutAsync("/moved", "1");
        using var viaM3 = cluster.CreateClient([m3.ClientUrl]);
        Assert.Equal("1", (await viaM3.GetAsync("/moved"))!.Value); // m3 replicates over its new peer URL
    }
}
