using K8sBare.Etcd.Tests.Support;
using K8sBare.Testing;

namespace K8sBare.Etcd.Tests.Integration;

/// <summary>Key-value operations against a real single-member etcd with TLS and client-cert auth.</summary>
public sealed class KvTests(SingleMemberFixture fx) : IClassFixture<SingleMemberFixture>
{
    [RequiresFact("etcd", "etcdctl")]
    public async Task Put_then_get_round_trips_and_etcdctl_sees_the_same_value()
    {
        var rev = await fx.Client.PutAsync("/kv/a", "héllo");
        var kv = await fx.Client.GetAsync("/kv/a");
        Assert.NotNull(kv);
        Assert.Equal("héllo", kv.Value);
        Assert.Equal(rev, kv.ModRevision);
        Assert.Equal(1, kv.Version);

        var ctl = (await fx.Cluster.EtcdctlAsync("get", "/kv/a", "--print-value-only")).EnsureSuccess("etcdctl get");
        Assert.Equal("héllo", ctl.StdOut.Trim());

        (await fx.Cluster.EtcdctlAsync("put", "/kv/from-etcdctl", "written by etcdctl")).EnsureSuccess("etcdctl put");
        Assert.Equal("written by etcdctl", (await fx.Client.GetAsync("/kv/from-etcdctl"))!.Value);
    }

    [RequiresFact("etcd")]
    public async Task Get_of_a_missing_key_is_null()
    {
        Assert.Null(await fx.Client.GetAsync("/kv/missing-" + Guid.NewGuid()));
    }

    [RequiresFact("etcd")]
    public async Task Binary_values_survive_base64()
    {
        byte[] bytes = [0, 1, 2, 0xff, 0xfe, 10, 13];
        await fx.Client.PutAsync("/kv/bin", bytes);
        Assert.Equal(bytes, (await fx.Client.GetAsync("/kv/bin"))!.ValueBytes.ToArray());
    }

    [RequiresFact("etcd")]
    public async Task Prefix_get_and_delete_select_only_the_prefix()
    {
        await fx.Client.PutAsync("/pfx/a", "1");
        await fx.Client.PutAsync("/pfx/b", "2");
        await fx.Client.PutAsync("/pfx/c/d", "3");
        await fx.Client.PutAsync("/pfy", "outside");
        await fx.Client.PutAsync("/pfx", "the prefix itself without slash");

        var got = await fx.Client.GetPrefixAsync("/pfx/");
        Assert.Equal(["/pfx/a", "/pfx/b", "/pfx/c/d"], got.Select(k => k.Key));
        Assert.Equal(["1", "2", "3"], got.Select(k => k.Value));

        Assert.Equal(3, await fx.Client.DeletePrefixAsync("/pfx/"));
        Assert.Empty(await fx.Client.GetPrefixAsync("/pfx/"));
        Assert.NotNull(await fx.Client.GetAsync("/pfy"));
        Assert.Equal(1, await fx.Client.DeleteAsync("/pfy"));
        Assert.Equal(0, await fx.Client.DeleteAsync("/pfy"));
    }

    [RequiresFact("etcd")]
    public async Task Compare_and_swap_writes_only_when_the_condition_holds()
    {
        var key = "/cas/" + Guid.NewGuid().ToString("N");
        var created = await fx.Client.CompareAndSwapAsync(key, EtcdCondition.Missing, "v1");
        Assert.True(created.Succeeded);
        var again = await fx.Client.CompareAndSwapAsync(key, EtcdCondition.Missing, "v-other");
        Assert.False(again.Succeeded);
        Assert.Equal("v1", again.Current!.Value);

        Assert.False((await fx.Client.CompareAndSwapAsync(key, EtcdCondition.ValueEquals("nope"), "v2")).Succeeded);
        Assert.True((await fx.Client.CompareAndSwapAsync(key, EtcdCondition.ValueEquals("v1"), "v2")).Succeeded);

        var current = (await fx.Client.GetAsync(key))!;
        Assert.False((await fx.Client.CompareAndSwapAsync(key, EtcdCondition.ModRevisionEquals(current.ModRevision - 1), "v3")).Succeeded);
        var ok = await fx.Client.CompareAndSwapAsync(key, EtcdCondition.ModRevisionEquals(current.ModRevision), "v3");
        Assert.True(ok.Succeeded);
        Assert.Equal("v3", (await fx.Client.GetAsync(key))!.Value);
        Assert.Equal(ok.Revision, (await fx.Client.GetAsync(key))!.ModRevision);
    }

    [RequiresFact("etcd")]
    public async Task Watch_streams_puts_and_deletes_from_a_revision()
    {
        var start = await fx.Client.PutAsync("/watch-marker", "x");
        await fx.Client.PutAsync("/watch/a", "1");
        await fx.Client.PutAsync("/watch/a", "2");
        await fx.Client.PutAsync("/watch-outside", "ignored");
        await fx.Client.DeleteAsync("/watch/a");

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var events = new List<EtcdWatchEvent>();
        await foreach (var e in fx.Client.WatchPrefixAsync("/watch/", start + 1, cts.Token))
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

    [RequiresFact("etcd")]
    public async Task Watch_sees_a_live_change_and_stops_on_cancellation()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var rev = await fx.Client.PutAsync("/live-marker", "x");
        var watching = Task.Run(async () =>
        {
            await foreach (var e in fx.Client.WatchPrefixAsync("/live/", rev + 1, cts.Token)) return e;
            return null;
        });
        await Task.Delay(300);
        await fx.Client.PutAsync("/live/k", "now");
        var ev = await watching;
        Assert.Equal("now", ev!.Kv.Value);

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in fx.Client.WatchPrefixAsync("/nothing-here/", 0, cancel.Token)) { }
        });
    }

    [RequiresFact("etcd")]
    public async Task Leases_grant_attach_renew_and_revoke()
    {
        var lease = await fx.Client.GrantLeaseAsync(TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, lease.Id);
        Assert.Equal(TimeSpan.FromSeconds(30), lease.Ttl);
        await fx.Client.PutAsync("/lease/k", "v", lease.Id);
        Assert.Equal(lease.Id, (await fx.Client.GetAsync("/lease/k"))!.Lease);

        var renewed = await fx.Client.KeepAliveLeaseAsync(lease.Id);
        Assert.Equal(lease.Id, renewed.Id);
        Assert.True(renewed.Ttl > TimeSpan.FromSeconds(25));

        var info = await fx.Client.GetLeaseAsync(lease.Id);
        Assert.Equal(TimeSpan.FromSeconds(30), info.GrantedTtl);

        await fx.Client.RevokeLeaseAsync(lease.Id);
        Assert.Null(await fx.Client.GetAsync("/lease/k"));
        await Assert.ThrowsAsync<EtcdException>(() => fx.Client.KeepAliveLeaseAsync(lease.Id));
    }

    [RequiresFact("etcd")]
    public async Task Etcd_errors_carry_code_and_message()
    {
        var ex = await Assert.ThrowsAsync<EtcdException>(() => fx.Client.RemoveMemberAsync(12345));
        Assert.Equal(EtcdStatusCode.NotFound, ex.Code);
        Assert.Equal("etcdserver: member not found", ex.EtcdMessage);
        Assert.Equal(fx.Cluster.ClientUrls[0], ex.Endpoint);
        Assert.Contains("member not found", ex.Message);
    }

    [RequiresFact("etcd")]
    public async Task Cancellation_is_honoured()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fx.Client.GetAsync("/kv/a", cts.Token));
    }
}
