using System.Collections.Concurrent;
using System.Diagnostics;
using K8sBare.Cluster.Operations;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Etcd;
using K8sBare.Testing;
using Xunit.Abstractions;

namespace K8sBare.Cluster.Tests.Operations;

/// <summary>
/// etcd 3.4 → 3.5 as a rolling member upgrade on real etcd (bookworm's 3.4.23 and trixie's 3.5 from
/// scripts/fetch-etcd.sh): three members, a writer running throughout, each member stopped cleanly and started on the
/// 3.5 binary with its data dir; every acknowledged write is there afterwards, writes were acknowledged while each
/// member was down, and the cluster version moves to 3.5.
/// </summary>
public sealed class EtcdUpgradeTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("k8sbare-upgrade");

    public void Dispose() => _dir.Dispose();

    [RequiresFact("etcd", Root = true)]
    public async Task Etcd_3_4_to_3_5_rolling_upgrade_loses_no_write()
    {
        _ = EtcdServers.Etcd("3.5"); // fetched (or the test fails naming the fix) before anything starts
        var members = Enumerable.Range(1, 3).Select(i => new LocalEtcd($"m{i}", "3.4", "127.0.0.1", _dir.Combine($"m{i}.data"), _dir.Combine($"m{i}.log"))).ToList();
        try
        {
            var initial = string.Join(",", members.Select(m => $"{m.Name}={m.PeerUrl}"));
            foreach (var m in members) m.Start(initial);
            await LocalEtcd.WaitHealthyAsync(members, TimeSpan.FromSeconds(90));
            using var client = new EtcdClient(new EtcdClientOptions { Endpoints = members.Select(m => m.ClientUrl).ToList(), RequestTimeout = TimeSpan.FromSeconds(5) });
            Assert.All(await client.GetStatusAsync(), s => Assert.StartsWith("3.4.", s.Version, StringComparison.Ordinal));

            // The writer: sequential keys; only acknowledged writes are recorded (a failed one may or may not have landed).
            var acked = new ConcurrentDictionary<int, DateTime>();
            var failed = 0;
            using var stop = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        await client.PutAsync($"/upgrade/{i:000000}", $"v{i}");
                        acked[i] = DateTime.UtcNow;
                    }
                    catch (EtcdException)
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
            });

            var windows = new ConcurrentDictionary<string, (DateTime From, DateTime To)>();
            var result = await new EtcdRollingUpgrade().RunAsync(client, members.Select(m => new EtcdUpgradeMember(m.Name, m.ClientUrl)).ToList(), "3.5",
                async (member, ct) =>
                {
                    var m = members.Single(x => x.Name == member.Name);
                    var from = DateTime.UtcNow;
                    await m.StopAsync();
                    // Writes go on while this member is down (two of three keep the quorum).
                    var seen = acked.Count;
                    var sw = Stopwatch.StartNew();
                    while (acked.Count < seen + 20 && sw.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(20, ct);
                    m.UseVersion("3.5");
                    m.Start(initial);
                    windows[m.Name] = (from, DateTime.UtcNow);
                }, TimeSpan.FromSeconds(120));
            // The upgraded cluster takes writes before the writer stops (a condition, not a fixed pause).
            var upgradedFrom = acked.Count;
            var afterUpgrade = Stopwatch.StartNew();
            while (acked.Count < upgradedFrom + 20 && afterUpgrade.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(20);
            stop.Cancel();
            await writer;

            foreach (var (name, before, after, took) in result.Members)
            {
                output.WriteLine($"{name}: {before} -> {after} in {took.TotalMilliseconds:0} ms");
                Assert.StartsWith("3.4.", before, StringComparison.Ordinal);
                Assert.StartsWith("3.5.", after, StringComparison.Ordinal);
            }
            Assert.True(acked.Count >= upgradedFrom + 20, $"writes acknowledged after the upgrade: {acked.Count - upgradedFrom}");
            foreach (var (name, (from, to)) in windows)
                Assert.True(acked.Values.Count(t => t > from && t < to) >= 20, $"writes acknowledged while {name} was down: {acked.Values.Count(t => t > from && t < to)}");

            // No lost write: every acknowledged key is there with its value.
            var all = (await client.GetPrefixAsync("/upgrade/")).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            foreach (var i in acked.Keys) Assert.Equal($"v{i}", all.GetValueOrDefault($"/upgrade/{i:000000}"));
            output.WriteLine($"{acked.Count} writes acknowledged, {failed} failed (unacknowledged), {all.Count} keys present");

            // The cluster version follows once all members run 3.5 (etcd's /version).
            using var http = new HttpClient();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            string version;
            while (!(version = await http.GetStringAsync(new Uri(members[0].ClientUrl, "/version"))).Contains("\"etcdcluster\":\"3.5.", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
                await Task.Delay(200);
            Assert.Contains("\"etcdcluster\":\"3.5.", version, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var m in members) m.Dispose();
        }
    }

    [RequiresFact("etcd")]
    public async Task A_skipped_minor_or_a_downgrade_is_refused_before_any_member_is_touched()
    {
        using var m = new LocalEtcd("m1", "3.4", "127.0.0.1", _dir.Combine("d"), _dir.Combine("l"));
        m.Start($"m1={m.PeerUrl}");
        await LocalEtcd.WaitHealthyAsync([m], TimeSpan.FromSeconds(60));
        using var client = new EtcdClient(new EtcdClientOptions { Endpoints = [m.ClientUrl] });
        var touched = 0;
        foreach (var target in new[] { "3.6", "3.3" })
        {
            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => new EtcdRollingUpgrade().RunAsync(client, [new EtcdUpgradeMember("m1", m.ClientUrl)], target,
                (_, _) => { touched++; return Task.CompletedTask; }, TimeSpan.FromSeconds(10)));
            Assert.Contains("nothing was changed", ex.Message, StringComparison.Ordinal);
        }
        Assert.Equal(0, touched);
    }
}
