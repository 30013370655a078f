using System.Text.RegularExpressions;
using K8sBare.Etcd.Tests.Support;
using K8sBare.Testing;

namespace K8sBare.Etcd.Tests.Integration;

/// <summary>Status, health, alarms, defragment, snapshot and member list against a real single-member etcd.</summary>
public sealed class MaintenanceTests(SingleMemberFixture fx) : IClassFixture<SingleMemberFixture>
{
    [RequiresFact("etcd")]
    public async Task Version_health_and_status_describe_the_member()
    {
        var v = await fx.Client.GetVersionAsync();
        Assert.StartsWith("3.", v.Server);
        Assert.True(v.SupportsLearners);
        Assert.True(await fx.Client.IsHealthyAsync(fx.Cluster.ClientUrls[0]));

        var all = await fx.Client.GetStatusAsync();
        var s = Assert.Single(all);
        Assert.Equal(v.Server, s.Version);
        Assert.True(s.IsLeader);
        Assert.True(s.RaftIndex > 0);
        Assert.True(s.DbSize > 0);
        Assert.Empty(s.Errors);
        Assert.False(s.IsLearner);
    }

    [RequiresFact("etcd", "etcdctl")]
    public async Task Member_list_ids_print_like_etcdctl()
    {
        var members = await fx.Client.ListMembersAsync();
        var m = Assert.Single(members);
        Assert.Equal("m0", m.Name);
        Assert.True(m.IsStarted);
        var ctl = (await fx.Cluster.EtcdctlAsync("member", "list")).EnsureSuccess("etcdctl member list");
        // etcdctl: "8e9e05c52164694d, started, m0, https://127.0.0.1:P, https://127.0.0.1:C, false"
        Assert.Equal(ctl.StdOut.Trim(), m.ToString());
        Assert.Equal(m.Id, EtcdMemberId.Parse(ctl.StdOut.Split(',')[0]));
    }

    [RequiresFact("etcd")]
    public async Task Health_of_every_member_is_reported()
    {
        var health = await fx.Client.CheckMembersHealthAsync();
        var h = Assert.Single(health);
        Assert.True(h.Healthy, h.Error);
        Assert.True(h.Status!.IsLeader);
    }

    [RequiresFact("etcd")]
    public async Task Alarms_are_empty_and_defragment_succeeds()
    {
        Assert.Empty(await fx.Client.ListAlarmsAsync());
        await fx.Client.DisarmAlarmsAsync();
        for (var i = 0; i < 50; i++) await fx.Client.PutAsync($"/defrag/{i}", new string('x', 2000));
        await fx.Client.DeletePrefixAsync("/defrag/");
        await fx.Client.DefragmentAsync(fx.Cluster.ClientUrls[0]);
        var s = (await fx.Client.GetStatusAsync())[0];
        Assert.True(s.DbSizeInUse <= s.DbSize);
    }

    [RequiresFact("etcd", "etcdctl")]
    public async Task Snapshot_is_streamed_to_a_file_checked_and_accepted_by_etcdctl()
    {
        for (var i = 0; i < 200; i++) await fx.Client.PutAsync($"/snap/{i:D3}", new string('s', 500)); // > one 32 KiB chunk
        using var dir = new TempDirectory("k8sbare-snap");
        var path = dir.Combine("etcd.db");
        var info = await fx.Client.SaveSnapshotAsync(path);
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

    [RequiresFact("etcd")]
    public async Task A_corrupted_snapshot_stream_is_detected()
    {
        // Feed the checker a file whose trailer does not match: the same check SaveSnapshotAsync runs.
        using var dir = new TempDirectory("k8sbare-snap");
        var path = dir.Combine("good.db");
        await fx.Client.SaveSnapshotAsync(path);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[100] ^= 0xff;
        var bad = dir.Combine("bad.db");
        await File.WriteAllBytesAsync(bad, bytes);
        var ex = Assert.Throws<EtcdException>(() => EtcdClient.VerifySnapshotFile(bad, bytes.Length, null, fx.Cluster.ClientUrls[0]));
        Assert.Equal(EtcdStatusCode.DataLoss, ex.Code);
        var ex2 = Assert.Throws<EtcdException>(() => EtcdClient.VerifySnapshotFile(bad, bytes.Length - 10, null, fx.Cluster.ClientUrls[0]));
        Assert.Contains("cut short", ex2.Message);
    }
}
