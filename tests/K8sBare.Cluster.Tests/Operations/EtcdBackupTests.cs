using K8sBare.Cluster.Operations;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Etcd;
using K8sBare.Remote.Transports;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Operations;

/// <summary>
/// etcd backup and restore against real etcd 3.4 (bookworm's, /usr/bin/etcd + etcdctl) and 3.5 (trixie's, with
/// etcdutl): keys written, snapshots with retention and checksums, a restore onto other addresses (127.0.0.2 and
/// 127.0.0.3) run through the restore step K8sBare runs on hosts (here on the local transport), keys read back.
/// </summary>
public sealed class EtcdBackupTests : IDisposable
{
    private readonly TempDirectory _dir = new("k8sbare-backup");

    public void Dispose() => _dir.Dispose();

    [RequiresTheory("etcd", "etcdctl")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task Backs_up_with_retention_and_restores_onto_other_addresses(string version)
    {
        using var source = new LocalEtcd("src", version, "127.0.0.1", _dir.Combine("src.data"), _dir.Combine("src.log"));
        source.Start($"src={source.PeerUrl}");
        await LocalEtcd.WaitHealthyAsync([source], TimeSpan.FromSeconds(60));
        using var client = new EtcdClient(new EtcdClientOptions { Endpoints = [source.ClientUrl], RequestTimeout = TimeSpan.FromSeconds(10) });
        for (var i = 0; i < 50; i++) await client.PutAsync($"/registry/k{i:00}", $"v{i}");

        var backup = new EtcdBackup();
        var folder = _dir.Combine("backups");
        var options = new EtcdBackupOptions { Folder = folder, Retain = 2 };
        var results = new List<EtcdBackupResult>();
        for (var round = 1; round <= 3; round++)
        {
            await client.PutAsync("/registry/round", round.ToString(System.Globalization.CultureInfo.InvariantCulture));
            results.Add(await backup.BackupAsync(client, "lab", [source.ClientUrl], options));
        }

        // Retention: the third backup deleted the first; two snapshots and two checksum files remain, all 0600.
        Assert.Empty(results[0].Deleted);
        Assert.Empty(results[1].Deleted);
        Assert.Equal(results[0].Snapshot.Path, Assert.Single(results[2].Deleted).Path);
        Assert.Equal([results[2].Snapshot.Path, results[1].Snapshot.Path], results[2].Kept.Select(k => k.Path));
        var files = Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { results[1].Snapshot.Path, results[1].Snapshot.Path + ".sha256", results[2].Snapshot.Path, results[2].Snapshot.Path + ".sha256" }
            .Select(Path.GetFileName).Order(StringComparer.Ordinal), files);
        foreach (var f in Directory.GetFiles(folder))
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f));
        Assert.Matches(@"^etcd-lab-\d{8}T\d{9}Z\.db$", Path.GetFileName(results[2].Snapshot.Path));
        Assert.True(results[2].Snapshot.TakenAt > results[1].Snapshot.TakenAt);
        // The checksum file is sha256sum's format and matches the file.
        var sum = await ProcessRunner.RunAsync("sha256sum", ["-c", Path.GetFileName(results[2].Snapshot.ChecksumPath)], workingDirectory: folder);
        Assert.True(sum.ExitCode == 0, sum.StdOut + sum.StdErr);
        Assert.Equal(results[2].Snapshot.Sha256, await EtcdSnapshotFolder.VerifyAsync(results[2].Snapshot.Path));

        // Restore the newest snapshot onto two members on other addresses, each with its own name and peer URL.
        using var r1 = new LocalEtcd("r1", version, "127.0.0.2", _dir.Combine("r1.data"), _dir.Combine("r1.log"));
        using var r2 = new LocalEtcd("r2", version, "127.0.0.3", _dir.Combine("r2.data"), _dir.Combine("r2.log"));
        var members = new[] { new EtcdRestoreMember("r1", r1.PeerUrl, r1.DataDir), new EtcdRestoreMember("r2", r2.PeerUrl, r2.DataDir) };
        var host = new LocalConnection();
        var snap = results[2].Snapshot;
        foreach (var (m, i) in members.Select((m, i) => (m, i)))
        {
            var work = _dir.Combine("work-" + m.Name);
            var target = await EtcdMemberRestore.InspectAsync(host, m, snap.Sha256!, "lab-restore", EtcdServers.RestoreTool(version), work, default);
            Assert.Equal(EtcdServers.RestoreTool(version), target.Tool);
            Assert.False(target.HasData);
            Assert.Null(await EtcdMemberRestore.RestoreAsync(host, snap.Path, snap.Sha256!, m, members, "lab-restore", target.Tool!, work, default));
            Assert.True((await EtcdMemberRestore.InspectAsync(host, m, snap.Sha256!, "lab-restore", target.Tool, work, default)).AlreadyRestored);
            Assert.False(File.Exists(EtcdMemberRestore.SnapshotPath(work)));
        }
        var initial = $"r1={r1.PeerUrl},r2={r2.PeerUrl}";
        r1.Start(initial);
        r2.Start(initial);
        await LocalEtcd.WaitHealthyAsync([r1, r2], TimeSpan.FromSeconds(90));
        using var restored = new EtcdClient(new EtcdClientOptions { Endpoints = [r1.ClientUrl, r2.ClientUrl], RequestTimeout = TimeSpan.FromSeconds(10) });
        for (var i = 0; i < 50; i++) Assert.Equal($"v{i}", (await restored.GetAsync($"/registry/k{i:00}"))?.Value);
        Assert.Equal("3", (await restored.GetAsync("/registry/round"))?.Value);
        var list = await restored.ListMembersAsync();
        Assert.Equal(["r1", "r2"], list.Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.Equal([r1.PeerUrl, r2.PeerUrl], list.OrderBy(m => m.Name, StringComparer.Ordinal).Select(m => m.PeerUrls.Single().OriginalString.TrimEnd('/')));
        // A write on the restored cluster goes through (quorum of the new member list).
        await restored.PutAsync("/registry/after-restore", "yes");
        Assert.Equal("yes", (await restored.GetAsync("/registry/after-restore"))?.Value);
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task A_corrupted_snapshot_is_refused(string version)
    {
        using var source = new LocalEtcd("src", version, "127.0.0.1", _dir.Combine("src.data"), _dir.Combine("src.log"));
        source.Start($"src={source.PeerUrl}");
        await LocalEtcd.WaitHealthyAsync([source], TimeSpan.FromSeconds(60));
        using var client = new EtcdClient(new EtcdClientOptions { Endpoints = [source.ClientUrl], RequestTimeout = TimeSpan.FromSeconds(10) });
        await client.PutAsync("/registry/x", "1");
        var result = await new EtcdBackup().BackupAsync(client, "lab", [source.ClientUrl], new EtcdBackupOptions { Folder = _dir.Combine("b") });
        var path = result.Snapshot.Path;

        // One byte flipped: the .sha256 file no longer matches.
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0x5a;
        await File.WriteAllBytesAsync(path, bytes);
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => EtcdSnapshotFolder.VerifyAsync(path));
        Assert.Contains("does not match its checksum file", ex.Message, StringComparison.Ordinal);

        // Checksum file rewritten to match the damaged file: etcd's own SHA-256 trailer still catches it.
        await EtcdSnapshotFolder.WriteChecksumAsync(path);
        ex = await Assert.ThrowsAsync<InvalidDataException>(() => EtcdSnapshotFolder.VerifyAsync(path));
        Assert.Contains("fails its own integrity check", ex.Message, StringComparison.Ordinal);

        // A restore plan refuses it before any host is contacted; a missing checksum file is refused too.
        var key = _dir.Combine("id_ed25519");
        await File.WriteAllTextAsync(key, "not used: no host is contacted");
        var spec = ClusterBuilder.Create("lab").WithSsh(new SshSettings { IdentityFile = key, User = "root" })
            .AddControlPlane("cp-1", "192.0.2.10").AddWorker("w-1", "192.0.2.11").Build();
        var restoreOptions = new EtcdRestoreOptions { Snapshot = path, Apply = new() { PkiDirectory = _dir.Combine("pki") } };
        await Assert.ThrowsAsync<InvalidDataException>(() => EtcdRestore.PlanAsync(spec, restoreOptions));
        File.Delete(path + ".sha256");
        var missing = await Assert.ThrowsAsync<FileNotFoundException>(() => EtcdRestore.PlanAsync(spec, restoreOptions));
        Assert.Contains("has no checksum file", missing.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.Combine("pki")));
    }

    // Reviewer's finding: restore took any file with a matching .sha256 and trailer. This one has both (whole 512-byte
    // pages, then their SHA-256, like etcd's trailer) but is not a bbolt database: refused before any host is contacted.
    [Fact]
    public async Task A_file_that_is_not_a_bbolt_database_is_refused_before_any_host()
    {
        var path = _dir.Combine("not-etcd.db");
        var data = new byte[4 * 512];
        System.Text.Encoding.ASCII.GetBytes("root:x:0:0:root:/root:/bin/bash\n").CopyTo(data, 0);
        await File.WriteAllBytesAsync(path, [.. data, .. System.Security.Cryptography.SHA256.HashData(data)]);
        await EtcdSnapshotFolder.WriteChecksumAsync(path);

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => EtcdSnapshotFolder.VerifyAsync(path));
        Assert.Contains("is not an etcd snapshot: it is not a bbolt database (no magic number 0xED0CDAED", ex.Message, StringComparison.Ordinal);
        var key = _dir.Combine("id_ed25519");
        await File.WriteAllTextAsync(key, "not used: no host is contacted");
        var spec = ClusterBuilder.Create("lab").WithSsh(new SshSettings { IdentityFile = key, User = "root" })
            .AddControlPlane("cp-1", "192.0.2.10").AddWorker("w-1", "192.0.2.11").Build();
        await Assert.ThrowsAsync<InvalidDataException>(() => EtcdRestore.PlanAsync(spec, new EtcdRestoreOptions { Snapshot = path, Apply = new() { PkiDirectory = _dir.Combine("pki") } }));
        Assert.False(Directory.Exists(_dir.Combine("pki")));

        // The same bytes behind bbolt's meta-page header with its magic pass the format check (then the checksums decide).
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(16), 0xED0CDAED);
        await File.WriteAllBytesAsync(path, [.. data, .. System.Security.Cryptography.SHA256.HashData(data)]);
        await EtcdSnapshotFolder.WriteChecksumAsync(path);
        Assert.Equal(await EtcdSnapshotFolder.HashAsync(path, default), await EtcdSnapshotFolder.VerifyAsync(path));
    }

    [Fact]
    public void Bad_options_are_refused_with_the_field_named()
    {
        var spec = ClusterBuilder.Create("lab").AddControlPlane("cp-1", "192.0.2.10").AddWorker("w-1", "192.0.2.11").Build();
        var ex = Assert.Throws<ArgumentException>(() => EtcdBackup.Plan(spec, new EtcdBackupOptions { Folder = _dir.Combine("b"), Retain = 0 }));
        Assert.Contains("EtcdBackupOptions.Retain", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArgumentException>(() => EtcdBackup.Plan(spec, new EtcdBackupOptions { Folder = " " }));
        Assert.Contains("EtcdBackupOptions.Folder", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.Combine("b")));
    }

    [Fact]
    public async Task A_restore_that_would_not_start_the_control_plane_again_is_refused_before_any_host_is_contacted()
    {
        // The restore stops every kube-apiserver (none may run across a restore); phases without control-plane would leave them stopped.
        var spec = ClusterBuilder.Create("lab").AddControlPlane("cp-1", "192.0.2.10").AddEtcd("etcd-2", "192.0.2.11").AddEtcd("etcd-3", "192.0.2.12").UseCoreDns(CoreDnsPlacement.None).Build();
        var options = new EtcdRestoreOptions { Snapshot = _dir.Combine("absent.db"), Apply = new() { PkiDirectory = _dir.Combine("pki"), Phases = [ApplyPhase.Etcd, ApplyPhase.Network] } };
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => EtcdRestore.PlanAsync(spec, options));
        Assert.Contains("EtcdRestoreOptions.Apply.Phases leaves out control-plane", ex.Message, StringComparison.Ordinal);
        // With control-plane selected the plan goes on to the snapshot check (the file is absent here).
        await Assert.ThrowsAsync<FileNotFoundException>(() => EtcdRestore.PlanAsync(spec, options with { Apply = options.Apply with { Phases = [ApplyPhase.Etcd, ApplyPhase.ControlPlane] } }));
        Assert.False(Directory.Exists(_dir.Combine("pki")));
    }
}
