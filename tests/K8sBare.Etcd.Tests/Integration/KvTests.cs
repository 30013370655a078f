using K8sBare.Etcd.Tests.Support;
using K8sBare.Testing;

namespace K8sBare.Etcd.Tests.Integration;

/// <summary>Key-value operations against a real single-member etcd with TLS and client-cert auth.</summary>
public sealed class KvTests(SingleMemberFixture fx) : IClassFixture<SingleMemberFixture>
{
    [RequiresTheory("etcd", "etcdctl")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task Put_then_get_round_trips_and_etcdctl_sees_the_same_value(string version)
    {
        var (cluster, client) = await fx.For(version);
        var rev = await client.PutAsync("/kv/a", "héllo");
        var kv = await client.GetAsync("/kv/a");
        Assert.NotNull(kv);
        Assert.Equal("héllo", kv.Value);
        Assert.Equal(rev, kv.ModRevision);
        Assert.Equal(1, kv.Version);

        var ctl = (await cluster.EtcdctlAsync("get", "/kv/a", "--print-value-only")).EnsureSuccess("etcdctl get");
        Assert.Equal("héllo", ctl.StdOut.Trim());

        (await cluster.EtcdctlAsync("put", "/kv/from-etcdctl", "written by etcdctl")).EnsureSuccess("etcdctl put");
        Assert.Equal("written by etcdctl", (await client.GetAsync("/kv/from-etcdctl"))!.Value);
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task Get_of_a_missing_key_is_null(string version)
    {
        var (cluster, client) = await fx.For(version);
        Assert.Null(await client.GetAsync("/kv/missing-" + Guid.NewGuid()));
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task Binary_values_round_trip(string version)
    {
        var (cluster, client) = await fx.For(version);
        byte[] bytes = [0, 1, 2, 0xff, 0xfe, 10, 13];
        await client.PutAsync("/kv/bin", bytes);
        Assert.Equal(bytes, (await client.GetAsync("/kv/bin"))!.ValueBytes.ToArray());
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task Prefix_get_and_delete_select_only_the_prefix(string version)
    {
        var (cluster, client) = await fx.For(version);
        await client.PutAsync("/pfx/a", "1");
        await client.PutAsync("/pfx/b", "2");
        await client.PutAsync("/pfx/c/d", "3");
        await client.PutAsync("/pfy", "outside");
        await client.PutAsync("/pfx", "the prefix itself without slash");

        var got = await client.GetPrefixAsync("/pfx/");
        Assert.Equal(["/pfx/a", "/pfx/b", "/pfx/c/d"], got.Select(k => k.Key));
        Assert.Equal(["1", "2", "3"], got.Select(k => k.Value));

        Assert.Equal(3, await client.DeletePrefixAsync("/pfx/"));
        Assert.Empty(await client.GetPrefixAsync("/pfx/"));
        Assert.NotNull(await client.GetAsync("/pfy"));
        Assert.Equal(1, await client.DeleteAsync("/pfy"));
        Assert.Equal(0, await client.DeleteAsync("/pfy"));
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task Compare_and_swap_writes_only_when_the_condition_holds(string version)
    {
        var (cluster, client) = await fx.For(version);
        var key = "/cas/" + Guid.NewGuid().ToString("N");
        var created = await client.CompareAndSwapAsync(key, EtcdCondition.Missing, "v1");
        Assert.True(created.Succeeded);
        var again = await client.CompareAndSwapAsync(key, EtcdCondition.Missing, "v-other");
        Assert.False(again.Succeeded);
        Assert.Equal("v1", again.Current!.Value);

        Assert.False((await client.CompareAndSwapAsync(key, EtcdCondition.ValueEquals("nope"), "v2")).Succeeded);
        Assert.True((await client.CompareAndSwapAsync(key, EtcdCondition.ValueEquals("v1"), "v2")).Succeeded);

        var current = (await client.GetAsync(key))!;
        Assert.False((await client.CompareAndSwapAsync(key, EtcdCondition.ModRevisionEquals(current.ModRevision - 1), "v3")).Succeeded);
        var ok = await client.CompareAndSwapAsync(key, EtcdCondition.ModRevisionEquals(current.ModRevision), "v3");
        Assert.True(ok.Succeeded);
        Assert.Equal("v3", (await client.GetAsync(key))!.Value);
        Assert.Equal(ok.Revision, (await client.GetAsync(key))!.ModRevision);
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task Watch_streams_puts_and_deletes_from_a_revision(string version)
    {
        var (cluster, client) = await fx.For(version);
        var start = await client.PutAsync("/watch-marker", "x");
        await client.PutAsync("/watch/a", "1");
        await client.PutAsync("/watch/a", "2");
        await client.PutAsync("/watch-outside", "ignored");
        await client.DeleteAsync("/watch/a");

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var events = new List<EtcdWatchEvent>();
        await foreach (var e in client.WatchPrefixAsync("/watch/", start + 1, cts.Token))
        {
            events.Add(e);
            if (events.Count == 3) break;
        }
        Assert.Equal([EtcdWatchEventType.Put, EtcdWatchEventType.Put, EtcdWatchEventType.Delete], events.Select(e => e.Type));
        Assert.Equal(["1", "2"], events.Take(2).Select(e => e.Kv.Value));
        Assert.Equal("1", events[1].PrevKv!.Value);
        Assert.Equal("/watch/a", events[2].Kv.Key);
        Assert.True(events[0].Revision < events[1].Revision && events[1].Revision < events[2].Revision);
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task Watch_sees_a_live_change_and_stops_on_cancellation(string version)
    {
        var (cluster, client) = await fx.For(version);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var rev = await client.PutAsync("/live-marker", "x");
        var watching = Task.Run(async () =>
        {
            await foreach (var e in client.WatchPrefixAsync("/live/", rev + 1, cts.Token)) return e;
            return null;
        });
        await client.PutAsync("/live/k", "now");
        var ev = await watching;
        Assert.Equal("now", ev!.Kv.Value);

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.WatchPrefixAsync("/nothing-here/", 0, cancel.Token)) { }
        });
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task Leases_grant_attach_renew_and_revoke(string version)
    {
        var (cluster, client) = await fx.For(version);
        var lease = await client.GrantLeaseAsync(TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, lease.Id);
        Assert.Equal(TimeSpan.FromSeconds(30), lease.Ttl);
        await client.PutAsync("/lease/k", "v", lease.Id);
        Assert.Equal(lease.Id, (await client.GetAsync("/lease/k"))!.Lease);

        var renewed = await client.KeepAliveLeaseAsync(lease.Id);
        Assert.Equal(lease.Id, renewed.Id);
        Assert.True(renewed.Ttl > TimeSpan.FromSeconds(25));

        var info = await client.GetLeaseAsync(lease.Id);
        Assert.Equal(TimeSpan.FromSeconds(30), info.GrantedTtl);

        await client.RevokeLeaseAsync(lease.Id);
        Assert.Null(await client.GetAsync("/lease/k"));
        await Assert.ThrowsAsync<EtcdException>(() => client.KeepAliveLeaseAsync(lease.Id));
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task Etcd_errors_carry_code_and_message(string version)
    {
        var (cluster, client) = await fx.For(version);
        var ex = await Assert.ThrowsAsync<EtcdException>(() => client.RemoveMemberAsync(new EtcdMemberId(12345)));
        Assert.Equal(EtcdStatusCode.NotFound, ex.Code);
        Assert.Equal("etcdserver: member not found", ex.EtcdMessage);
        Assert.Equal(cluster.ClientUrls[0], ex.Endpoint);
        Assert.Contains("member not found", ex.Message);
    }
}
