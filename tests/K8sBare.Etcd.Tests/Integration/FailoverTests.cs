using K8sBare.Etcd.Tests.Support;
using K8sBare.Testing;

namespace K8sBare.Etcd.Tests.Integration;

/// <summary>A 3-member cluster: requests fail over when the first endpoint's member is killed.</summary>
public sealed class FailoverTests
{
    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task Requests_fail_over_to_the_next_endpoint_when_one_member_is_killed(string version)
    {
        await using var cluster = await EtcdTestCluster.StartAsync(3, version);
        using (var probe = cluster.CreateClient())
        {
            // Kill a follower: killing the leader loses in-flight proposals until the election (etcd's own
            // "request timed out"), which is not what fail-over is about.
            var statuses = await probe.GetStatusAsync();
            var follower = statuses.First(s => !s.IsLeader).Endpoint;
            var victim = cluster.Members.Single(m => m.ClientUrl == follower);
            await probe.PutAsync("/fo/before", "1");
            victim.Kill();
            await AssertFailover(cluster, victim);
        }
    }

    private static async Task AssertFailover(EtcdTestCluster cluster, EtcdMemberProcess victim)
    {
        // The dead member's endpoint is first: every call must still succeed through the others.
        using var client = cluster.CreateClient([victim.ClientUrl, .. cluster.ClientUrls.Where(u => u != victim.ClientUrl)]);
        var rev = await client.PutAsync("/fo/after", "2");
        Assert.True(rev > 0);
        Assert.Equal("1", (await client.GetAsync("/fo/before"))!.Value);
        Assert.Equal("2", (await client.GetAsync("/fo/after"))!.Value);
        Assert.Equal(3, (await client.ListMembersAsync()).Count);

        var ex = await Assert.ThrowsAsync<EtcdException>(() => client.GetStatusAsync(victim.ClientUrl));
        Assert.Equal(EtcdStatusCode.Unavailable, ex.Code);

        var health = await client.CheckMembersHealthAsync();
        Assert.Equal([victim.Name], health.Where(h => !h.Healthy).Select(h => h.Member.Name));
        Assert.Equal(2, health.Count(h => h.Healthy));
        var leaders = health.Where(h => h.Healthy).Select(h => h.Status!.Leader).Distinct().ToList();
        Assert.Single(leaders);

        // The watch opens on a live endpoint too.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var e in client.WatchPrefixAsync("/fo/", 1, cts.Token))
        {
            Assert.Equal("/fo/before", e.Kv.Key);
            break;
        }
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task A_watch_resumes_on_another_member_without_losing_or_repeating_events(string version)
    {
        await using var cluster = await EtcdTestCluster.StartAsync(3, version);
        Uri follower;
        using (var probe = cluster.CreateClient())
            follower = (await probe.GetStatusAsync()).First(s => !s.IsLeader).Endpoint;
        var victim = cluster.Members.Single(m => m.ClientUrl == follower);
        var others = cluster.ClientUrls.Where(u => u != follower).ToList();
        using var watcher = cluster.CreateClient([follower, .. others]);
        using var writer = cluster.CreateClient(others);

        var start = await writer.PutAsync("/w/0", "before");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = System.Threading.Channels.Channel.CreateUnbounded<EtcdWatchEvent>();
        var pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in watcher.WatchPrefixAsync("/w/", start, cts.Token)) await events.Writer.WriteAsync(e);
            }
            catch (OperationCanceledException) { }
            finally { events.Writer.TryComplete(); }
        });
        var first = await events.Reader.ReadAsync(cts.Token);
        Assert.Equal("/w/0", first.Kv.Key);

        victim.Kill(); // the member serving the watch
        await writer.PutAsync("/w/1", "after");
        await writer.PutAsync("/w/2", "after");
        var second = await events.Reader.ReadAsync(cts.Token);
        var third = await events.Reader.ReadAsync(cts.Token);
        Assert.Equal(["/w/1", "/w/2"], new[] { second.Kv.Key, third.Kv.Key });
        Assert.True(first.Revision < second.Revision && second.Revision < third.Revision);
        await cts.CancelAsync();
        await pump;
    }
}
