using K8sBare.Testing.Testbed;
using K8sBare.Units.Components;
using K8sBare.Units.Services;

namespace K8sBare.Units.Tests.OnHosts;

/// <summary>
/// The same service definitions as <see cref="OpenRcServiceTests"/>, rendered as systemd units and run by systemd
/// (Debian bookworm, systemd 252) on a booted host: daemon-reload, enable, start (Type=notify: returns once the daemon
/// reported ready), is-active, restart, stop.
/// </summary>
[Collection(UnitsTestbedCollection.Name)]
public sealed class SystemdServiceTests(UnitsTestbedFixture fixture)
{
    [RequiresFact("systemd-nspawn", "debootstrap", "sshd", "ip", "etcd", Root = true)]
    public async Task Etcd_unit_starts_notifies_restarts_and_stops()
    {
        var host = fixture.Systemd;
        await RealServices.CopyEtcdAsync(host);
        var unit = RealServices.Etcd(host).ToService().Render(InitSystem.Systemd);
        Assert.Equal("/etc/systemd/system/etcd.service", unit.Path);
        await HostFiles.InstallAsync(host, unit);
        try
        {
            var pid = await StartAsync(host, "etcd");
            // Type=notify: 'systemctl start' returned only after READY=1, so etcd answers at once.
            (await host.ExecAsync(RealServices.EtcdHealth(host))).EnsureSuccess("etcd health right after systemctl start");
            (await host.ExecAsync("ETCDCTL_API=3 etcdctl put k8sbare/systemd ok")).EnsureSuccess("etcdctl put");
            await AssertOpenFilesLimitAsync(host, "etcd", pid, 40000);

            (await host.ExecAsync("systemctl restart etcd", TimeSpan.FromSeconds(60))).EnsureSuccess("systemctl restart etcd");
            Assert.NotEqual(pid, await MainPidAsync(host, "etcd"));
            (await host.ExecAsync(RealServices.EtcdHealth(host))).EnsureSuccess("etcd health after restart");
            var value = (await host.ExecAsync("ETCDCTL_API=3 etcdctl get --print-value-only k8sbare/systemd")).EnsureSuccess("etcdctl get");
            Assert.Equal("ok", value.StdOut.Trim());

            await StopAsync(host, "etcd");
        }
        finally
        {
            await host.ExecAsync("systemctl disable --now etcd");
        }
    }

    [RequiresFact("systemd-nspawn", "debootstrap", "sshd", "ip", Root = true)]
    public async Task Containerd_unit_starts_with_the_generated_config_and_answers_ctr()
    {
        var host = fixture.Systemd;
        var options = RealServices.Containerd(systemdCgroup: true);
        // Debian's package runs its own containerd.service at boot; the rendered unit (same name, /etc wins over /lib)
        // replaces it, as on a real host where containerd came from the distribution.
        await host.ExecAsync("systemctl stop containerd");
        await RealServices.InstallContainerdConfigAsync(host, options);
        var unit = options.ToService().Render(InitSystem.Systemd);
        await HostFiles.InstallAsync(host, unit);
        try
        {
            var pid = await StartAsync(host, "containerd");
            var version = (await host.ExecAsync(RealServices.CtrVersion(options))).EnsureSuccess("ctr version right after systemctl start");
            Assert.Matches(@"Server:\s+Version:\s+1\.7\.", version.StdOut);   // the test-bed hosts run Debian 13 (containerd 1.7)
            var cmdline = await host.ExecAsync($"tr '\\0' ' ' < /proc/{pid}/cmdline");
            Assert.Equal($"/usr/bin/containerd --config {options.ConfigPath}", cmdline.StdOut.Trim());
            await AssertOpenFilesLimitAsync(host, "containerd", pid, 1048576);
            var props = (await host.ExecAsync("systemctl show containerd -p Delegate -p KillMode -p OOMScoreAdjust -p LimitNOFILE")).StdOut;
            Assert.Contains("Delegate=yes", props, StringComparison.Ordinal);
            Assert.Contains("KillMode=process", props, StringComparison.Ordinal);
            Assert.Contains("OOMScoreAdjust=-999", props, StringComparison.Ordinal);
            // Lowering oom_score_adj needs CAP_SYS_RESOURCE; without it (this machine) systemd skips it and the daemon keeps 0.
            var canLower = (await host.ExecAsync("sh -c 'echo -999 > /proc/self/oom_score_adj'")).ExitCode == 0;
            Assert.Equal(canLower ? "-999" : "0", (await host.ExecAsync($"cat /proc/{pid}/oom_score_adj")).StdOut.Trim());

            (await host.ExecAsync("systemctl restart containerd", TimeSpan.FromSeconds(60))).EnsureSuccess("systemctl restart containerd");
            Assert.NotEqual(pid, await MainPidAsync(host, "containerd"));
            (await host.ExecAsync(RealServices.CtrVersion(options))).EnsureSuccess("ctr version after restart");

            await StopAsync(host, "containerd");
            Assert.NotEqual(0, (await host.ExecAsync(RealServices.CtrVersion(options))).ExitCode);
        }
        finally
        {
            await host.ExecAsync("systemctl disable --now containerd");
        }
    }

    private static async Task<int> StartAsync(TestbedHost host, string name)
    {
        (await host.ExecAsync("systemctl daemon-reload")).EnsureSuccess("systemctl daemon-reload");
        (await host.ExecAsync($"systemctl enable {name}")).EnsureSuccess($"systemctl enable {name}");
        Assert.Equal("enabled", (await host.ExecAsync($"systemctl is-enabled {name}")).StdOut.Trim());
        var start = await host.ExecAsync($"systemctl start {name}", TimeSpan.FromSeconds(90));
        if (start.ExitCode != 0)
        {
            var journal = await host.ExecAsync($"systemctl status --no-pager {name}; journalctl --no-pager -n 40 -u {name}");
            Assert.Fail($"systemctl start {name} exited {start.ExitCode}: {start.StdErr}\n{journal.StdOut}");
        }
        Assert.Equal("active", (await host.ExecAsync($"systemctl is-active {name}")).StdOut.Trim());
        return await MainPidAsync(host, name);
    }

    private static async Task<int> MainPidAsync(TestbedHost host, string name)
    {
        var pid = int.Parse((await host.ExecAsync($"systemctl show -p MainPID --value {name}")).StdOut.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(pid > 0, $"{name} has no MainPID");
        var cgroup = await host.ExecAsync($"cat /proc/{pid}/cgroup");
        Assert.Contains($"/system.slice/{name}.service", cgroup.StdOut, StringComparison.Ordinal);
        return pid;
    }

    /// <summary>
    /// LimitNOFILE: systemd sets it, clamped to what it may (raising the hard limit needs CAP_SYS_RESOURCE, which this
    /// machine — and so the container — lacks; the hard limit here is 20000). The unit's value must be in effect up to that.
    /// </summary>
    private static async Task AssertOpenFilesLimitAsync(TestbedHost host, string name, int pid, long wanted)
    {
        Assert.Equal($"LimitNOFILE={wanted}", (await host.ExecAsync($"systemctl show -p LimitNOFILE {name}")).StdOut.Trim());
        var ceiling = long.Parse((await host.ExecAsync("grep 'Max open files' /proc/1/limits | awk '{print $5}'")).StdOut.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var canRaise = (await host.ExecAsync($"ulimit -Hn {wanted}")).ExitCode == 0;
        var soft = long.Parse((await host.ExecAsync($"grep 'Max open files' /proc/{pid}/limits | awk '{{print $4}}'")).StdOut.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(canRaise ? wanted : Math.Min(wanted, ceiling), soft);
    }

    private static async Task StopAsync(TestbedHost host, string name)
    {
        (await host.ExecAsync($"systemctl stop {name}", TimeSpan.FromSeconds(60))).EnsureSuccess($"systemctl stop {name}");
        var state = await host.ExecAsync($"systemctl is-active {name}");
        Assert.NotEqual(0, state.ExitCode);
        Assert.Equal("inactive", state.StdOut.Trim());
    }
}
