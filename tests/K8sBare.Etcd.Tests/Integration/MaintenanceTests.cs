using System.Text.RegularExpressions;
using K8sBare.Etcd.Tests.Support;
using K8sBare.Testing;

namespace K8sBare.Etcd.Tests.Integration;

/// <summary>Status, health, alarms, defragment, snapshot and member list against a real single-member etcd.</summary>
public sealed class MaintenanceTests(SingleMemberFixture fx) : IClassFixture<SingleMemberFixture>
{
    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task Version_health_and_status_describe_the_member(string version)
    {
        var (cluster, client) = await fx.For(version);
        var v = await client.GetVersionAsync();
        Assert.StartsWith("3.", v.Server);
        Assert.True(v.SupportsLearners);
        Assert.True(await client.IsHealthyAsync(cluster.ClientUrls[0]));

        var all = await client.GetStatusAsync();
        var s = Assert.Single(all);
        Assert.Equal(v.Server, s.Version);
        Assert.True(s.IsLeader);
        Assert.True(s.RaftIndex > 0);
        Assert.True(s.DbSize > 0);
        Assert.Empty(s.Errors);
        Assert.False(s.IsLearner);
    }

    [RequiresTheory("etcd", "etcdctl")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task Member_list_ids_print_like_etcdctl(string version)
    {
        var (cluster, client) = await fx.For(version);
        var members = await client.ListMembersAsync();
        var m = Assert.Single(members);
        Assert.Equal("m0", m.Name);
        Assert.True(m.IsStarted);
        var ctl = (await cluster.EtcdctlAsync("member", "list")).EnsureSuccess("etcdctl member list");
        // etcdctl: "8e9e05c52164694d, started, m0, https://127.0.0.1:P, https://127.0.0.1:C, false"
        Assert.Equal(ctl.StdOut.Trim(), m.ToString());
        Assert.Equal(m.Id, EtcdMemberId.Parse(ctl.StdOut.Split(',')[0]));
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task Health_of_every_member_is_reported(string version)
    {
        var (cluster, client) = await fx.For(version);
        var health = await client.CheckMembersHealthAsync();
        var h = Assert.Single(health);
        Assert.True(h.Healthy, h.Error);
        Assert.True(h.Status!.IsLeader);
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task Compact_and_defragment_give_the_space_of_deleted_data_back(string version)
    {
        var (cluster, client) = await fx.For(version);
        var ep = cluster.ClientUrls[0];
        // etcd refreshes its size figures when the backend commits (every 100 ms by default): wait for them.
        async Task<EtcdEndpointStatus> WaitStatus(Func<EtcdEndpointStatus, bool> condition, string what)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            var st = await client.GetStatusAsync(ep);
            while (!condition(st))
            {
                if (DateTime.UtcNow > deadline) Assert.Fail($"{what}: db size {st.DbSize}, in use {st.DbSizeInUse}");
                await Task.Delay(100);
                st = await client.GetStatusAsync(ep);
            }
            return st;
        }
        var value = new string('x', 100_000);
        long rev = 0;
        for (var i = 0; i < 60; i++) rev = await client.PutAsync($"/defrag/{i}", value); // 6 MB
        await client.DeletePrefixAsync("/defrag/");
        await WaitStatus(s => s.DbSize >= 5_000_000, "the database never grew");

        // Without compaction the old revisions still hold the data: defragmenting alone cannot free it.
        await client.DefragmentAsync(ep);
        Assert.True((await client.GetStatusAsync(ep)).DbSize >= 5_000_000);

        // Compaction frees the pages (etcd 3.4 shows it in DbSizeInUse only after a later commit, so that is not
        // asserted); the file keeps its size until defragmented.
        await client.CompactAsync(rev + 1);
        Assert.True((await client.GetStatusAsync(ep)).DbSize >= 5_000_000);

        await client.DefragmentAsync(ep);
        await WaitStatus(s => s.DbSize < 1_000_000, "defragment did not shrink the file");
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task A_full_quota_raises_NOSPACE_and_disarm_clears_it_once_space_is_freed(string version)
    {
        await using var small = await EtcdTestCluster.StartAsync(1, version, "--quota-backend-bytes=3000000");
        using var client = small.CreateClient();
        var ep = small.ClientUrls[0];
        Assert.Empty(await client.ListAlarmsAsync());
        var value = new string('y', 200_000);
        long rev = 0;
        EtcdException? full = null;
        for (var i = 0; i < 100 && full is null; i++)
        {
            try { rev = await client.PutAsync($"/fill/{i}", value); }
            catch (EtcdException ex) { full = ex; }
        }
        Assert.NotNull(full);
        Assert.Equal(EtcdStatusCode.ResourceExhausted, full.Code);
        Assert.Equal("etcdserver: mvcc: database space exceeded", full.EtcdMessage);
        var alarm = Assert.Single(await client.ListAlarmsAsync());
        Assert.Equal(EtcdAlarmType.NoSpace, alarm.Type);
        Assert.Equal((await client.GetStatusAsync(ep)).MemberId, alarm.MemberId);
        Assert.False(await client.IsHealthyAsync(ep)); // etcdctl endpoint health: "Active Alarm(s): NOSPACE"

        // Free the space: the alarm stays until disarmed, and writes are refused until then.
        await client.DeletePrefixAsync("/fill/");
        await client.CompactAsync(rev + 1);
        await client.DefragmentAsync(ep);
        Assert.Equal(EtcdStatusCode.ResourceExhausted, (await Assert.ThrowsAsync<EtcdException>(() => client.PutAsync("/after", "1"))).Code);

        await client.DisarmAlarmsAsync();
        Assert.Empty(await client.ListAlarmsAsync());
        Assert.True(await client.IsHealthyAsync(ep));
        await client.PutAsync("/after", "1");
    }

    [RequiresTheory("etcd", "etcdctl")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task Snapshot_is_streamed_to_a_file_checked_and_accepted_by_etcdctl(string version)
    {
        var (cluster, client) = await fx.For(version);
        for (var i = 0; i < 200; i++) await client.PutAsync($"/snap/{i:D3}", new string('s', 500)); // > one 32 KiB chunk
        using var dir = new TempDirectory("k8sbare-snap");
        var path = dir.Combine("etcd.db");
        var info = await client.SaveSnapshotAsync(path);
        Assert.Equal(new FileInfo(path).Length, info.Size);
        Assert.Equal(32, info.Size % 512);
        Assert.True(info.Size > 100_000);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.False(File.Exists(path + ".part"));

        var status = (await ProcessRunner.RunAsync("etcdctl", ["snapshot", "status", path, "-w", "json"],
            env: new Dictionary<string, string> { ["ETCDCTL_API"] = "3" })).EnsureSuccess("etcdctl snapshot status");
        var keys = int.Parse(Regex.Match(status.StdOut, "\"totalKey\":(\\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(keys >= 200, status.StdOut);

        // etcdctl restores it (it re-checks the SHA-256 trailer) into a data dir.
        var restoreDir = dir.Combine("restored");
        (await ProcessRunner.RunAsync("etcdctl", ["snapshot", "restore", path, "--data-dir", restoreDir],
            env: new Dictionary<string, string> { ["ETCDCTL_API"] = "3" })).EnsureSuccess("etcdctl snapshot restore");
        Assert.True(Directory.Exists(Path.Combine(restoreDir, "member")));
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task A_corrupted_snapshot_stream_is_detected(string version)
    {
        var (cluster, client) = await fx.For(version);
        // Feed the checker a file whose trailer does not match: the same check SaveSnapshotAsync runs.
        using var dir = new TempDirectory("k8sbare-snap");
        var path = dir.Combine("good.db");
        await client.SaveSnapshotAsync(path);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[100] ^= 0xff;
        var bad = dir.Combine("bad.db");
        await File.WriteAllBytesAsync(bad, bytes);
        var ex = Assert.Throws<EtcdException>(() => EtcdClient.VerifySnapshotFile(bad, bytes.Length, null, cluster.ClientUrls[0]));
        Assert.Equal(EtcdStatusCode.DataLoss, ex.Code);
        var ex2 = Assert.Throws<EtcdException>(() => EtcdClient.VerifySnapshotFile(bad, bytes.Length - 10, null, cluster.ClientUrls[0]));
        Assert.Contains("cut short", ex2.Message);
    }
}
