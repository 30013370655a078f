using System.Text;
using K8sBare.Remote.Commands;
using K8sBare.Remote.Facts;
using K8sBare.Remote.Files;
using K8sBare.Remote.Services;
using K8sBare.Remote.Transports;
using K8sBare.Testing;

namespace K8sBare.Remote.Tests;

public sealed class DirectoryConnectionTests : IDisposable
{
    private readonly TempDirectory _dir = new("k8sb-dir");

    public void Dispose() => _dir.Dispose();

    private DirectoryConnection Open(bool append = false) =>
        new(new DirectoryHostOptions { Root = _dir.Combine("master"), AppendToLog = append });

    [Fact]
    public async Task Files_mirror_absolute_paths_with_their_mode()
    {
        var host = Open();
        await host.EnsureFileAsync(RemoteFile.FromText("/etc/kubernetes/pki/ca.key", "KEY", FileModes.Private, "root:root"));
        var onDisk = _dir.Combine("master", "etc", "kubernetes", "pki", "ca.key");
        Assert.Equal("KEY", File.ReadAllText(onDisk));
        Assert.Equal(FileModes.Private, File.GetUnixFileMode(onDisk));
        Assert.Equal("master", host.Name);
        Assert.Equal("KEY", await host.ReadTextAsync("/etc/kubernetes/pki/ca.key"));
    }

    [Fact]
    public async Task EnsureFile_is_idempotent_including_owner_across_connections()
    {
        var file = RemoteFile.FromText("/etc/a.conf", "a\n", FileModes.Default, "etcd:etcd");
        Assert.Equal(FileChangeKind.Created, (await Open().EnsureFileAsync(file)).Kind);
        var again = Open();
        Assert.Equal(FileChangeKind.Unchanged, (await again.EnsureFileAsync(file)).Kind);
        Assert.Empty(again.RecordedCommands);
        Assert.Equal(FileChangeKind.Updated, (await again.EnsureFileAsync(file with { Owner = "root:root" })).Kind);
        Assert.Equal(FileChangeKind.Updated, (await again.EnsureFileAsync(file with { Owner = "root:root", Mode = FileModes.Private })).Kind);
        var st = (await again.StatFilesAsync(["/etc/a.conf"]))[0];
        Assert.Equal("root:root", st.Owner);
        Assert.Equal(FileModes.Private, st.Mode);
    }

    [Fact]
    public async Task Commands_log_is_deterministic_and_never_holds_contents_or_secrets()
    {
        async Task<string> Render()
        {
            var host = Open();
            await host.EnsureFilesAsync([
                RemoteFile.FromText("/etc/k/b.conf", "SECRET-B", FileModes.Private, "root:root"),
                RemoteFile.FromText("/etc/k/a.conf", "plain-a"),
            ]);
            await host.EnsureDirectoryAsync("/var/lib/etcd", FileModes.Parse("0700"), "etcd:etcd");
            await host.RunAsync("systemctl daemon-reload");
            await host.RunAsync("echo token-123 | login", new CommandOptions { Sensitive = true });
            await host.RunAsync("cat /proc/cpuinfo", new CommandOptions { ReadOnly = true });
            return File.ReadAllText(host.CommandsLogPath);
        }
        var first = await Render();
        Directory.Delete(_dir.Combine("master"), recursive: true);
        var second = await Render();
        Assert.Equal(first, second);
        Assert.DoesNotContain("SECRET-B", first);
        Assert.DoesNotContain("plain-a", first);
        Assert.DoesNotContain("token-123", first);
        Assert.DoesNotContain("cpuinfo", first);
        Assert.Equal(
            "#!/bin/sh\n# Commands for host master, recorded by the K8sBare Directory transport (not run).\n" +
            $"# file /etc/k/b.conf mode 0600 owner root:root size 8 sha256 {FileHash.Sha256Hex(Encoding.UTF8.GetBytes("SECRET-B"))}\n" +
            $"# file /etc/k/a.conf mode 0644 size 7 sha256 {FileHash.Sha256Hex(Encoding.UTF8.GetBytes("plain-a"))}\n" +
            "mkdir -p /var/lib/etcd\nchmod 700 /var/lib/etcd\nchown etcd:etcd /var/lib/etcd\nsystemctl daemon-reload\n# <redacted command>\n",
            first);
    }

    [Fact]
    public async Task Append_mode_keeps_earlier_commands()
    {
        await Open().RunAsync("echo one");
        var host = Open(append: true);
        await host.RunAsync("echo two");
        Assert.EndsWith("echo one\necho two\n", File.ReadAllText(host.CommandsLogPath));
        await Open().RunAsync("echo three");
        Assert.DoesNotContain("echo one", File.ReadAllText(host.CommandsLogPath));
    }

    [Fact]
    public async Task Remove_deletes_and_records()
    {
        var host = Open();
        await host.EnsureFileAsync(RemoteFile.FromText("/opt/x/y", "1", owner: "a:b"));
        Assert.True(await host.RemoveAsync("/opt/x"));
        Assert.False(await host.RemoveAsync("/opt/x"));
        Assert.False((await host.StatFilesAsync(["/opt/x/y"]))[0].Exists);
        Assert.Contains("rm -rf -- /opt/x", host.RecordedCommands);
        await Assert.ThrowsAsync<ArgumentException>(() => host.RemoveAsync("/"));
        Assert.Throws<ArgumentException>(() => host.MapPath("/etc/../../escape"));
    }

    [Fact]
    public async Task Services_on_a_directory_host_install_the_definition_and_record_the_commands()
    {
        var systemd = Open();
        var svc = await systemd.GetServiceManagerAsync();
        Assert.Equal(InitSystem.Systemd, svc.InitSystem);
        Assert.True((await svc.InstallAsync("demo", "[Service]\nExecStart=/bin/sleep infinity\n")).Changed);
        await svc.DaemonReloadAsync();
        await svc.EnableAsync("demo");
        await svc.StartAsync("demo");
        Assert.True(File.Exists(_dir.Combine("master", "etc", "systemd", "system", "demo.service")));
        Assert.Equal(["systemctl daemon-reload", "systemctl enable --quiet demo.service", "systemctl start demo.service"],
            systemd.RecordedCommands.Where(c => !c.StartsWith('#')));
        Assert.False(await svc.IsActiveAsync("demo")); // nothing runs in a folder

        var openrc = new DirectoryConnection(new DirectoryHostOptions { Root = _dir.Combine("node-2"), InitSystem = InitSystem.OpenRc });
        var rc = await openrc.GetServiceManagerAsync();
        Assert.IsType<OpenRcServiceManager>(rc);
        await rc.InstallAsync("demo", "#!/sbin/openrc-run\ncommand=/bin/sleep\n");
        Assert.Equal(FileModes.Executable, File.GetUnixFileMode(_dir.Combine("node-2", "etc", "init.d", "demo")));
    }

    [Fact]
    public async Task Facts_come_from_the_options()
    {
        var host = new DirectoryConnection(new DirectoryHostOptions { Root = _dir.Combine("n"), Name = "node-9", InitSystem = InitSystem.OpenRc });
        var f = await host.GatherFactsAsync();
        Assert.Equal("node-9", f.Host);
        Assert.Equal(InitSystem.OpenRc, f.InitSystem);
    }

    [Fact]
    public async Task HostConnections_opens_each_transport()
    {
        await using var dir = await HostConnections.OpenAsync(new DirectoryHostOptions { Root = _dir.Combine("d") });
        Assert.Equal(HostTransport.Directory, dir.Transport);
        await using var local = await HostConnections.OpenAsync(new LocalOptions());
        Assert.Equal(HostTransport.Local, local.Transport);
    }
}
