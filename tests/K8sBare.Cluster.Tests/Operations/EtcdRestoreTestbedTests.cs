using System.Security.Cryptography.X509Certificates;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Operations;
using K8sBare.Cluster.Tests.EndToEnd;
using K8sBare.Etcd;
using K8sBare.Testing;
using K8sBare.Testing.Testbed;
using Xunit.Abstractions;

namespace K8sBare.Cluster.Tests.Operations;

/// <summary>
/// Backup and restore through the cluster entry points on real hosts: a one-member etcd (the test-bed hosts' own
/// etcd 3.5, under systemd, TLS, auth on) applied by K8sBare, keys written as etcd's root, a backup over the network
/// with the PKI store's administrator certificate; the old host killed; the snapshot restored onto three other hosts
/// (new addresses, certificates re-issued) with etcdutl; every key read back through the new members. A second
/// restore onto hosts that now hold data is refused with nothing changed, and runs with consent (old data moved aside).
/// </summary>
public sealed class EtcdRestoreTestbedTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("k8sbare-restore");

    public void Dispose() => _dir.Dispose();

    private static ClusterBuilder Base(Testbed tb) => ClusterBuilder.Create("bk")
        .WithVersions(v => v with { Etcd = "3.5.16" })
        .WithSsh(new SshSettings { IdentityFile = tb.ClientIdentityFile, KnownHostsFile = tb.ClientKnownHostsFile, User = "root" })
        .WithBinary("etcd", BinarySource.OnHostAt("/usr/bin/etcd"))
        .WithHostRuntimeBinaries()
        .UseCoreDns(CoreDnsPlacement.None);

    [RequiresFact("systemd-nspawn", "debootstrap", Root = true)]
    public async Task Restores_a_backup_onto_new_hosts_with_new_addresses_and_refuses_to_overwrite_data()
    {
        await using var tb = await Testbed.StartAsync(new TestbedOptions { SystemdHosts = ["old", "new-1", "new-2", "new-3"] });
        var pki = _dir.Combine("pki");
        var day1 = Base(tb).AddControlPlane("cp-1", tb["old"].Address).Build();
        var phases = new[] { ApplyPhase.Preflight, ApplyPhase.Prepare, ApplyPhase.Pki, ApplyPhase.Binaries, ApplyPhase.Files, ApplyPhase.Etcd, ApplyPhase.Network };
        var applied = await new ClusterApplier(new SshConnectionFactory()).ApplyAsync(day1, new ApplyOptions { PkiDirectory = pki, Phases = phases });
        Assert.Contains(applied.Changes, c => c.Kind == ChangeKind.EtcdAccessChanged && c.Target == "authentication enabled");

        // Keys written as etcd's root (auth is on), then a backup over the network.
        using (var p = await K8sBare.Cluster.Rendering.ClusterRenderer.LoadPkiAsync(day1, pki))
        using (var admin = EtcdAccess.CreateAdmin(p, EtcdAccess.Endpoints(day1), null))
            for (var i = 0; i < 100; i++) await admin.PutAsync($"/registry/configmaps/default/cm-{i:000}", $"value-{i}");
        var backups = _dir.Combine("backups");
        var backup = await new EtcdBackup().BackupAsync(day1, pki, new EtcdBackupOptions { Folder = backups, Retain = 3 });
        output.WriteLine($"backup: {backup.Snapshot.Path} {backup.Snapshot.Size} bytes from {backup.Endpoint} in {backup.Duration.TotalMilliseconds:0} ms");
        Assert.Equal(new Uri($"https://{tb["old"].Address}:2379"), backup.Endpoint);

        // The old host dies; the cluster comes back on three other hosts (cp-1 keeps its name, not its address).
        await tb["old"].KillAsync();
        var day2 = Base(tb).AddControlPlane("cp-1", tb["new-1"].Address).AddControlPlane("cp-2", tb["new-2"].Address).AddControlPlane("cp-3", tb["new-3"].Address).Build();
        var options = new EtcdRestoreOptions { Snapshot = backup.Snapshot.Path, Apply = new ApplyOptions { PkiDirectory = pki, Phases = [ApplyPhase.Etcd, ApplyPhase.Network] } };
        var plan = await EtcdRestore.PlanAsync(day2, options);
        output.WriteLine(plan.ToString());
        var result = await new EtcdRestore(new SshConnectionFactory()).RestoreAsync(day2, options);
        output.WriteLine($"restore: {result.Duration.TotalMilliseconds:0} ms");
        Assert.All(result.Restored.Values, Assert.True);
        Assert.Empty(result.MovedAside);

        using (var p = await K8sBare.Cluster.Rendering.ClusterRenderer.LoadPkiAsync(day2, pki))
        using (var admin = EtcdAccess.CreateAdmin(p, EtcdAccess.Endpoints(day2), null))
        {
            for (var i = 0; i < 100; i++) Assert.Equal($"value-{i}", (await admin.GetAsync($"/registry/configmaps/default/cm-{i:000}"))?.Value);
            var members = await admin.ListMembersAsync();
            Assert.Equal(["cp-1", "cp-2", "cp-3"], members.Select(m => m.Name).Order(StringComparer.Ordinal));
            Assert.Equal(new[] { "new-1", "new-2", "new-3" }.Select(h => $"https://{tb[h].Address}:2380"),
                members.OrderBy(m => m.Name, StringComparer.Ordinal).Select(m => m.PeerUrls.Single().OriginalString.TrimEnd('/')));
            Assert.All(await admin.CheckMembersHealthAsync(), h => Assert.True(h.Healthy, h.Error));
            await admin.PutAsync("/registry/after-restore", "yes");
        }

        // cp-1's etcd server certificate was re-issued for its new address (same CA).
        var pem = (await tb["new-1"].ExecAsync("cat /etc/etcd/server.pem")).EnsureSuccess("cat server.pem").StdOut;
        using (var cert = X509Certificate2.CreateFromPem(pem))
        {
            var san = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateIPAddresses().Select(a => a.ToString()).ToList();
            Assert.Contains(tb["new-1"].Address, san);
            Assert.DoesNotContain(tb["old"].Address, san);
        }

        // A later snapshot restored onto hosts that hold etcd data without consent: refused, nothing changed.
        var second = await new EtcdBackup().BackupAsync(day2, pki, new EtcdBackupOptions { Folder = backups, Retain = 3 });
        var before = await StateAsync(tb);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new EtcdRestore(new SshConnectionFactory()).RestoreAsync(day2, options with { Snapshot = second.Snapshot.Path }));
        output.WriteLine(refused.Message);
        Assert.Contains("nothing was changed", refused.Message, StringComparison.Ordinal);
        foreach (var n in new[] { "cp-1", "cp-2", "cp-3" }) Assert.Contains($"{n}: /var/lib/etcd already holds etcd data", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync(tb));
        using (var p = await K8sBare.Cluster.Rendering.ClusterRenderer.LoadPkiAsync(day2, pki))
        using (var admin = EtcdAccess.CreateAdmin(p, EtcdAccess.Endpoints(day2), null))
            Assert.Equal("yes", (await admin.GetAsync("/registry/after-restore"))?.Value);

        // With consent the same restore runs: the old data dirs are moved aside (kept), the later snapshot's keys are there.
        var replaced = await new EtcdRestore(new SshConnectionFactory()).RestoreAsync(day2, options with { Snapshot = second.Snapshot.Path, ReplaceExistingData = true });
        Assert.Equal(["cp-1", "cp-2", "cp-3"], replaced.MovedAside.Keys.Order(StringComparer.Ordinal));
        foreach (var (node, host) in new[] { ("cp-1", "new-1"), ("cp-2", "new-2"), ("cp-3", "new-3") })
            (await tb[host].ExecAsync($"test -d {replaced.MovedAside[node]}/member")).EnsureSuccess("old data kept aside on " + host);
        using (var p = await K8sBare.Cluster.Rendering.ClusterRenderer.LoadPkiAsync(day2, pki))
        using (var admin = EtcdAccess.CreateAdmin(p, EtcdAccess.Endpoints(day2), null))
        {
            Assert.Equal("yes", (await admin.GetAsync("/registry/after-restore"))?.Value);
            Assert.Equal("value-99", (await admin.GetAsync("/registry/configmaps/default/cm-099"))?.Value);
        }
    }

    /// <summary>What a refused restore must leave alone: etcd's PID, the data dirs and K8sBare's restore dir on every new host.</summary>
    private static async Task<string> StateAsync(Testbed tb)
    {
        var parts = new List<string>();
        foreach (var h in new[] { "new-1", "new-2", "new-3" })
        {
            var r = await tb[h].ExecAsync("systemctl show -p MainPID --value etcd; ls -d /var/lib/etcd* ; ls -la /var/lib/k8sbare/restore; find /var/lib/etcd -type f | sort");
            parts.Add(h + ":\n" + r.StdOut);
        }
        return string.Join("\n", parts);
    }
}
