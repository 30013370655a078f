using K8sBare.Etcd.Tests.Support;
using K8sBare.Testing;

namespace K8sBare.Etcd.Tests.Integration;

/// <summary>MoveLeader (etcdctl move-leader) on a real 3-member cluster, judged by the members' own status.</summary>
public sealed class MoveLeaderTests
{
    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task Leadership_moves_to_the_named_member_so_losing_the_old_leader_needs_no_election(string version)
    {
        await using var cluster = await EtcdTestCluster.StartAsync(3, version);
        using var client = cluster.CreateClient();
        var leader = (await client.FindLeaderAsync())!;
        var transferee = (await client.GetStatusAsync()).First(s => !s.IsLeader);

        var former = await client.MoveLeaderAsync(transferee.MemberId);
        Assert.Equal(leader.MemberId, former.MemberId);
        // Every member, asked itself, follows the transferee now (a new term: raft's transfer is an election the transferee wins at once).
        var after = await client.GetStatusAsync();
        Assert.All(after, s => Assert.Equal(transferee.MemberId, s.Leader));
        var term = after.Single(s => s.IsLeader).RaftTerm;
        Assert.True(term > leader.RaftTerm, $"term {term} after the move, {leader.RaftTerm} before");

        // Asking the leader to move to itself sends nothing: same leader, same term.
        Assert.Equal(transferee.MemberId, (await client.MoveLeaderAsync(transferee.MemberId)).MemberId);
        Assert.Equal(term, (await client.FindLeaderAsync())!.RaftTerm);

        // The former leader dies hard (no goodbye of its own): the cluster still has its leader in the same term, and a write
        // goes through without an election.
        var old = cluster.Members.Single(m => m.ClientUrl == leader.Endpoint);
        old.Kill();
        using var survivors = cluster.CreateClient(cluster.ClientUrls.Where(u => u != old.ClientUrl));
        Assert.True(await survivors.PutAsync("/move-leader/after", "1") > 0);
        var now = (await survivors.FindLeaderAsync())!;
        Assert.Equal((transferee.MemberId, term), (now.MemberId, now.RaftTerm));
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task Negative_control_losing_the_leader_without_a_move_costs_an_election(string version)
    {
        await using var cluster = await EtcdTestCluster.StartAsync(3, version);
        using var client = cluster.CreateClient();
        var leader = (await client.FindLeaderAsync())!;
        var old = cluster.Members.Single(m => m.ClientUrl == leader.Endpoint);
        old.Kill();
        using var survivors = cluster.CreateClient(cluster.ClientUrls.Where(u => u != old.ClientUrl), TimeSpan.FromSeconds(30));
        // A write sent now may be lost with the dead leader (etcd: "request timed out, possibly due to previous leader
        // failure"): write until one is acknowledged, then ask the survivors who leads.
        var failed = new List<string>();
        for (var sw = System.Diagnostics.Stopwatch.StartNew(); ; )
        {
            try
            {
                await survivors.PutAsync("/move-leader/after", "1");
                break;
            }
            catch (EtcdException ex) when (ex.Code is EtcdStatusCode.Unavailable or EtcdStatusCode.DeadlineExceeded && sw.Elapsed < TimeSpan.FromMinutes(2))
            {
                failed.Add(ex.EtcdMessage);
            }
        }

        var now = (await survivors.FindLeaderAsync())!;
        Assert.NotEqual(leader.MemberId, now.MemberId);
        Assert.True(now.RaftTerm > leader.RaftTerm, "the survivors had to elect a new leader (a new term) after the leader died");
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task A_move_to_an_unknown_member_or_without_the_leader_among_the_endpoints_is_refused(string version)
    {
        await using var cluster = await EtcdTestCluster.StartAsync(3, version);
        using var client = cluster.CreateClient();
        var leader = (await client.FindLeaderAsync())!;
        var unknown = await Assert.ThrowsAsync<EtcdException>(() => client.MoveLeaderAsync(new EtcdMemberId(0x1234)));
        Assert.Contains("bad leader transferee", unknown.EtcdMessage, StringComparison.Ordinal);
        Assert.Equal(leader.MemberId, (await client.FindLeaderAsync())!.MemberId);

        var follower = (await client.GetStatusAsync()).First(s => !s.IsLeader);
        using var followersOnly = cluster.CreateClient(cluster.ClientUrls.Where(u => u != leader.Endpoint));
        var noLeader = await Assert.ThrowsAsync<EtcdException>(() => followersOnly.MoveLeaderAsync(follower.MemberId));
        Assert.Equal(EtcdStatusCode.Unavailable, noLeader.Code);
        Assert.Contains("reports being the leader", noLeader.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => client.MoveLeaderAsync(default));
    }
}
