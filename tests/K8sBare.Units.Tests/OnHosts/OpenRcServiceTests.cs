using System.Globalization;
using K8sBare.Testing.Testbed;
using K8sBare.Units.Components;
using K8sBare.Units.Services;

namespace K8sBare.Units.Tests.OnHosts;

/// <summary>
/// Rendered OpenRC scripts run for real by OpenRC 0.45 on a Debian + sysvinit + OpenRC host (no netifrc, so nothing
/// provides <c>net</c>): installed in /etc/init.d over ssh, added to the default runlevel, started, checked to run under
/// supervise-daemon (pidfile = the supervisor, process = its child), respawned after a kill, restarted and stopped.
/// </summary>
[Collection(UnitsTestbedCollection.Name)]
public sealed class OpenRcServiceTests(UnitsTestbedFixture fixture)
{
    [RequiresFact("systemd-nspawn", "debootstrap", "sshd", "ip", "etcd", Root = true)]
    public async Task Etcd_script_runs_under_supervise_daemon_with_respawn_restart_and_stop()
    {
        var host = fixture.OpenRc;
        await RealServices.CopyEtcdAsync(host);
        var service = RealServices.Etcd(host).ToService();
        var script = service.Render(InitSystem.OpenRc);
        Assert.Equal("/etc/init.d/etcd", script.Path);
        Assert.Contains("\tuse net\n", script.Content, StringComparison.Ordinal);
        await HostFiles.InstallAsync(host, script, "0755");
        try
        {
            var started = await StartAsync(host, "etcd");
            var pid = await AssertSupervisedAsync(host, "etcd", "etcd");
            (await HostFiles.WaitForAsync(host, RealServices.EtcdHealth(host), TimeSpan.FromSeconds(30))).EnsureSuccess("etcd health under OpenRC");
            (await host.ExecAsync("ETCDCTL_API=3 etcdctl put k8sbare/openrc ok")).EnsureSuccess("etcdctl put");
            var log = await host.ExecAsync($"cat '{service.EffectiveOutputLog}'");
            Assert.Contains("ready to serve client requests", log.StdOut + log.StdErr, StringComparison.Ordinal);
            await AssertOpenFilesLimitAsync(host, pid, 40000, started);

            // supervise-daemon respawns a killed etcd after respawn_delay (5 s) — Restart=on-failure's OpenRC form.
            (await host.ExecAsync($"kill -9 {pid}")).EnsureSuccess("kill -9 etcd");
            var respawned = await HostFiles.WaitForAsync(host, $"p=$(pgrep -x etcd) && [ \"$p\" != {pid} ] && echo $p", TimeSpan.FromSeconds(20));
            respawned.EnsureSuccess("waiting for supervise-daemon to respawn etcd");
            (await HostFiles.WaitForAsync(host, RealServices.EtcdHealth(host), TimeSpan.FromSeconds(30))).EnsureSuccess("etcd health after respawn");

            (await host.ExecAsync("rc-service etcd restart", TimeSpan.FromSeconds(60))).EnsureSuccess("rc-service etcd restart");
            var restartedPid = await AssertSupervisedAsync(host, "etcd", "etcd");
            Assert.NotEqual(int.Parse(respawned.StdOut.Trim(), CultureInfo.InvariantCulture), restartedPid);
            (await HostFiles.WaitForAsync(host, RealServices.EtcdHealth(host), TimeSpan.FromSeconds(30))).EnsureSuccess("etcd health after restart");
            var value = (await host.ExecAsync("ETCDCTL_API=3 etcdctl get --print-value-only k8sbare/openrc")).EnsureSuccess("etcdctl get");
            Assert.Equal("ok", value.StdOut.Trim());   // same --data-dir across restarts

            await StopAsync(host, "etcd", "etcd");
        }
        finally
        {
            await host.ExecAsync("rc-service etcd stop; rc-update del etcd default");
        }
    }

    [RequiresFact("systemd-nspawn", "debootstrap", "sshd", "ip", Root = true)]
    public async Task Containerd_script_runs_under_supervise_daemon_and_answers_on_the_configured_socket()
    {
        var host = fixture.OpenRc;
        var options = RealServices.Containerd(systemdCgroup: false);
        await RealServices.InstallContainerdConfigAsync(host, options);
        var service = options.ToService();
        var script = service.Render(InitSystem.OpenRc);
        Assert.Equal("/etc/init.d/containerd", script.Path);
        await HostFiles.InstallAsync(host, script, "0755");
        try
        {
            var started = await StartAsync(host, "containerd");
            var pid = await AssertSupervisedAsync(host, "containerd", "containerd");
            var version = await HostFiles.WaitForAsync(host, RealServices.CtrVersion(options), TimeSpan.FromSeconds(30));
            version.EnsureSuccess("ctr version against the generated socket under OpenRC");
            Assert.Matches(@"Server:\s+Version:\s+1\.7\.", version.StdOut);   // the test-bed hosts run Debian 13 (containerd 1.7)
            var log = await host.ExecAsync($"cat '{service.EffectiveOutputLog}'");
            // One ulimit per limit (dash runs only one per call); each one that cannot be raised falls back to the hard limit.
            Assert.DoesNotContain("rc_ulimit", script.Content, StringComparison.Ordinal);
            Assert.DoesNotContain("RC_ULIMIT", started, StringComparison.Ordinal);
            await AssertOpenFilesLimitAsync(host, pid, 1048576, started);
            var core = (await host.ExecAsync($"grep 'Max core file size' /proc/{pid}/limits | awk '{{print $5}}'")).StdOut.Trim();
            var coreHard = (await host.ExecAsync("ulimit -H -c")).StdOut.Trim();
            Assert.Equal(coreHard == "unlimited" ? "unlimited" : coreHard, core);
            Assert.Contains("containerd successfully booted", log.StdOut, StringComparison.Ordinal);
            Assert.Contains(options.GrpcAddress, log.StdOut, StringComparison.Ordinal);

            (await host.ExecAsync("rc-service containerd restart", TimeSpan.FromSeconds(60))).EnsureSuccess("rc-service containerd restart");
            Assert.NotEqual(pid, await AssertSupervisedAsync(host, "containerd", "containerd"));
            (await HostFiles.WaitForAsync(host, RealServices.CtrVersion(options), TimeSpan.FromSeconds(30))).EnsureSuccess("ctr version after restart");

            await StopAsync(host, "containerd", "containerd");
            Assert.NotEqual(0, (await host.ExecAsync(RealServices.CtrVersion(options))).ExitCode);
        }
        finally
        {
            await host.ExecAsync("rc-service containerd stop; rc-update del containerd default");
        }
    }

    private static async Task<string> StartAsync(TestbedHost host, string name)
    {
        (await host.ExecAsync($"rc-update add {name} default")).EnsureSuccess($"rc-update add {name} default");
        var list = await host.ExecAsync("rc-update show default");
        Assert.Matches($@"(?m)^\s*{name}\s*\|\s*default", list.StdOut);
        // No net provider on this host: with 'need net' this fails with "ERROR: {name} needs service(s) net".
        var start = await host.ExecAsync($"rc-service {name} start", TimeSpan.FromSeconds(60));
        Assert.True(start.ExitCode == 0, $"rc-service {name} start exited {start.ExitCode}:\n{start.StdOut}{start.StdErr}");
        return start.StdOut + start.StdErr;
    }

    /// <summary>status = started; the pidfile holds supervise-daemon, whose child is the daemon. Returns the daemon's pid.</summary>
    private static async Task<int> AssertSupervisedAsync(TestbedHost host, string name, string process)
    {
        var status = await host.ExecAsync($"rc-service {name} status");
        Assert.True(status.ExitCode == 0, $"rc-service {name} status exited {status.ExitCode}: {status.StdOut}{status.StdErr}");
        Assert.Contains("started", status.StdOut + status.StdErr, StringComparison.Ordinal);
        var r = await HostFiles.WaitForAsync(host,
            $"sup=$(cat /run/supervise-{name}.pid) && case $(readlink /proc/$sup/exe) in */supervise-daemon) ;; *) exit 1 ;; esac && " +
            $"p=$(pgrep -P $sup -x {process}) && echo $p", TimeSpan.FromSeconds(15));
        r.EnsureSuccess($"{process} running as the child of the supervise-daemon in /run/supervise-{name}.pid");
        return int.Parse(r.StdOut.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The open-files limit the rendered start_pre set: the wanted value where the host permits it, otherwise (raising
    /// the hard limit needs CAP_SYS_RESOURCE, which this machine — and so the container — lacks; hard limit 20000) the
    /// hard limit, with the script's warning in the start output.
    /// </summary>
    private static async Task AssertOpenFilesLimitAsync(TestbedHost host, int pid, long wanted, string startOutput)
    {
        var hard = long.Parse((await host.ExecAsync("ulimit -Hn")).StdOut.Trim(), CultureInfo.InvariantCulture);
        var canRaise = (await host.ExecAsync($"ulimit -n {wanted}")).ExitCode == 0;
        var limits = (await host.ExecAsync($"grep 'Max open files' /proc/{pid}/limits")).StdOut;
        var soft = long.Parse(limits.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3], CultureInfo.InvariantCulture);
        Assert.Equal(canRaise ? wanted : hard, soft);
        if (!canRaise)
            Assert.Contains($"ulimit -n {wanted} is not permitted here; using the hard limit", startOutput, StringComparison.Ordinal);
    }

    private static async Task StopAsync(TestbedHost host, string name, string process)
    {
        (await host.ExecAsync($"rc-service {name} stop", TimeSpan.FromSeconds(60))).EnsureSuccess($"rc-service {name} stop");
        var status = await host.ExecAsync($"rc-service {name} status");
        Assert.Equal(3, status.ExitCode);   // OpenRC: 3 = stopped
        Assert.Contains("stopped", status.StdOut + status.StdErr, StringComparison.Ordinal);
        var gone = await HostFiles.WaitForAsync(host, $"! pgrep -x {process}", TimeSpan.FromSeconds(15));
        Assert.True(gone.ExitCode == 0, $"{process} still runs after rc-service {name} stop: {gone.StdOut}");
    }
}
