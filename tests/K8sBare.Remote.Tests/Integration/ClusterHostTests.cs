using System.Text;
using K8sBare.Remote.Facts;
using K8sBare.Remote.Files;
using K8sBare.Remote.Services;
using K8sBare.Testing;
using K8sBare.Testing.Testbed;

namespace K8sBare.Remote.Tests;

/// <summary>The OpenSSH transport, services and facts on the booted testbed hosts (systemd and OpenRC).</summary>
[Collection(TestbedCollections.Cluster)]
public sealed class ClusterHostTests(ClusterTestbedFixture fixture)
{
    private K8sBare.Testing.Testbed.Testbed Tb => fixture.Testbed;

    private const string DemoLoop = "#!/bin/sh\nwhile true; do echo k8sbare-tick; sleep 1; done\n";

    private const string SystemdUnit = """
        [Unit]
        Description=K8sBare demo service

        [Service]
        ExecStart=/usr/local/bin/k8sbare-demo.sh
        Restart=always

        [Install]
        WantedBy=multi-user.target

        """;

    private const string OpenRcScript = """
        #!/sbin/openrc-run
        name="k8sbare-demo"
        description="K8sBare demo service"
        command="/usr/local/bin/k8sbare-demo.sh"
        supervisor=supervise-daemon
        pidfile="/run/${RC_SVCNAME}.pid"
        output_log="/var/log/k8sbare-demo.log"
        error_log="/var/log/k8sbare-demo.err"

        """;

    [RequiresFact("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    public async Task Service_lifecycle_on_a_systemd_host()
    {
        var h = Tb["master"];
        await using var host = await TestbedConnections.ConnectAsync(h);
        var svc = await host.GetServiceManagerAsync();
        Assert.IsType<SystemdServiceManager>(svc);
        await RunLifecycle(h, host, svc, SystemdUnit, "systemctl is-active k8sbare-demo", "active\n", "inactive\n", "ls /etc/systemd/system/multi-user.target.wants/");
        Assert.DoesNotContain("k8sbare-demo", (await h.ExecAsync("ls /etc/systemd/system/multi-user.target.wants/")).StdOut); // uninstall disabled it
    }

    [RequiresFact("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    public async Task Service_lifecycle_on_an_OpenRc_host()
    {
        var h = Tb["node-2"];
        await using var host = await TestbedConnections.ConnectAsync(h);
        var svc = await host.GetServiceManagerAsync();
        Assert.IsType<OpenRcServiceManager>(svc);
        await RunLifecycle(h, host, svc, OpenRcScript, "rc-service k8sbare-demo status >/dev/null 2>&1 && echo started || echo stopped", "started\n", "stopped\n", "rc-update show default");
        Assert.DoesNotMatch(@"(?m)^\s*k8sbare-demo \|", (await h.ExecAsync("rc-update show default")).StdOut); // uninstall disabled it
    }

    private static async Task RunLifecycle(TestbedHost h, IHostConnection host, IServiceManager svc, string definition, string probe, string running, string stopped, string enabledProbe)
    {
        try
        {
            await host.EnsureFileAsync(RemoteFile.FromText("/usr/local/bin/k8sbare-demo.sh", DemoLoop, FileModes.Executable, "root:root"));
            Assert.True((await svc.InstallAsync("k8sbare-demo", definition)).Changed);
            Assert.False((await svc.InstallAsync("k8sbare-demo", definition)).Changed);
            await svc.DaemonReloadAsync();
            await svc.EnableAsync("k8sbare-demo");
            await svc.EnableAsync("k8sbare-demo"); // idempotent
            await svc.StartAsync("k8sbare-demo");
            Assert.Equal(running, (await h.ExecAsync(probe)).StdOut);
            var status = await svc.GetStatusAsync("k8sbare-demo");
            Assert.True(status.Active, status.ToString());
            Assert.True(status.Enabled, status.ToString());
            Assert.True(status.Installed, status.ToString());
            Assert.Contains("k8sbare-demo", (await h.ExecAsync(enabledProbe)).StdOut);
            Assert.NotNull(status.MainPid);
            Assert.Equal("0\n", (await h.ExecAsync($"kill -0 {status.MainPid}; echo $?")).StdOut);

            string log = "";
            for (var i = 0; i < 50 && !log.Contains("k8sbare-tick", StringComparison.Ordinal); i++)
            {
                await Task.Delay(200);
                log = await svc.ReadLogAsync("k8sbare-demo", 20);
            }
            Assert.Contains("k8sbare-tick", log);

            await svc.RestartAsync("k8sbare-demo");
            var after = await svc.GetStatusAsync("k8sbare-demo");
            Assert.True(after.Active);
            Assert.NotEqual(status.MainPid, after.MainPid);

            await svc.StopAsync("k8sbare-demo");
            Assert.False(await svc.IsActiveAsync("k8sbare-demo"));
            Assert.Equal(stopped, (await h.ExecAsync(probe)).StdOut);
            await svc.StopAsync("k8sbare-demo"); // idempotent
        }
        finally
        {
            await svc.UninstallAsync("k8sbare-demo");
        }
        Assert.False(await svc.IsActiveAsync("k8sbare-demo"));
        Assert.Equal("gone\n", (await h.ExecAsync($"test -e {svc.DefinitionPath("k8sbare-demo")} || echo gone")).StdOut);
    }

    [RequiresFact("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    public async Task Facts_on_systemd_and_OpenRc_hosts_match_what_the_hosts_say()
    {
        foreach (var (name, init) in new[] { ("master", InitSystem.Systemd), ("node-2", InitSystem.OpenRc) })
        {
            var h = Tb[name];
            await using var host = await TestbedConnections.ConnectAsync(h);
            var f = await host.GatherFactsAsync();
            Assert.Equal(init, f.InitSystem);
            Assert.Equal(name, f.Hostname);
            Assert.Equal("debian", f.OsId);
            Assert.Contains(h.Address, f.IpAddresses);
            Assert.True(f.IsListening(22), $"{name}: {string.Join(",", f.ListeningTcpPorts)}");
            Assert.Equal((await h.ExecAsync("uname -r")).StdOut.Trim(), f.Kernel);
            Assert.Equal((await h.ExecAsync("uname -m")).StdOut.Trim(), f.Architecture);
            Assert.Equal((await h.ExecAsync("cat /proc/sys/net/ipv4/ip_forward")).StdOut.Trim() == "1", f.IpForward);
            Assert.Equal((await h.ExecAsync("test -f /sys/fs/cgroup/cgroup.controllers && echo 2 || echo 1")).StdOut.Trim(), f.CgroupVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal((await h.ExecAsync("systemctl is-active systemd-resolved 2>/dev/null || true")).StdOut.Trim() == "active", f.SystemdResolvedActive);
            Assert.True(f.MemoryTotalBytes > 0 && f.DiskFreeBytes > 0);
        }
    }

    [RequiresFact("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    public async Task Port_checks_see_a_listener_started_on_the_host()
    {
        var h = Tb["node-1"];
        await using var host = await TestbedConnections.ConnectAsync(h);
        Assert.False((await host.GatherFactsAsync()).IsListening(17001));
        await h.ExecAsync("setsid socat TCP-LISTEN:17001,fork,reuseaddr EXEC:/bin/true >/dev/null 2>&1 < /dev/null & sleep 0.5");
        try
        {
            Assert.True((await host.GatherFactsAsync()).IsListening(17001));
        }
        finally
        {
            await h.ExecAsync("pkill -f 'TCP-LISTEN:17001' || true");
        }
    }

    [RequiresFact("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    public async Task EnsureFiles_is_idempotent_and_sets_content_mode_and_owner()
    {
        var h = Tb["node-1"];
        await using var host = await TestbedConnections.ConnectAsync(h);
        await host.RemoveAsync("/etc/k8sbare-test");
        var files = Enumerable.Range(0, 10)
            .Select(i => RemoteFile.FromText($"/etc/k8sbare-test/f{i}.conf", $"value {i}\n", i == 0 ? FileModes.Private : FileModes.Default, i == 1 ? "nobody:nogroup" : "root:root"))
            .ToList();
        Assert.All(await host.EnsureFilesAsync(files), c => Assert.Equal(FileChangeKind.Created, c.Kind));
        Assert.All(await host.EnsureFilesAsync(files), c => Assert.Equal(FileChangeKind.Unchanged, c.Kind));
        var st = (await h.ExecAsync("cd /etc/k8sbare-test && stat -c '%n %a %U:%G' f0.conf f1.conf f2.conf && cat f7.conf && ls -A | wc -l")).EnsureSuccess("stat");
        Assert.Equal("f0.conf 600 root:root\nf1.conf 644 nobody:nogroup\nf2.conf 644 root:root\nvalue 7\n10\n", st.StdOut);

        await h.ExecAsync("echo tampered > /etc/k8sbare-test/f5.conf; chmod 666 /etc/k8sbare-test/f6.conf");
        var changes = await host.EnsureFilesAsync(files);
        Assert.Equal(["/etc/k8sbare-test/f5.conf", "/etc/k8sbare-test/f6.conf"], changes.Where(c => c.Changed).Select(c => c.Path));
        Assert.Equal("value 5\n644\n", (await h.ExecAsync("cat /etc/k8sbare-test/f5.conf; stat -c %a /etc/k8sbare-test/f6.conf")).StdOut);
        Assert.Equal(FileHash.Sha256Hex(Encoding.UTF8.GetBytes("value 5\n")), await host.Sha256Async("/etc/k8sbare-test/f5.conf"));
        await host.RemoveAsync("/etc/k8sbare-test");
    }
}
