using K8sBare.Testing;
using K8sBare.Testing.Testbed;

namespace K8sBare.Remote.Tests.Testbed;

/// <summary>The booted hosts of the cluster testbed: systemd reaches "running", OpenRC starts sshd, restarts keep identity.</summary>
[Collection(TestbedCollections.Cluster)]
public sealed class ClusterTestbedSmokeTests(ClusterTestbedFixture fixture)
{
    private K8sBare.Testing.Testbed.Testbed Tb => fixture.Testbed;

    [RequiresFact("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    public async Task Systemd_hosts_report_running_over_ssh()
    {
        foreach (var name in new[] { "master", "node-1" })
        {
            Assert.Equal(HostInit.Systemd, Tb[name].Init);
            var r = await SshClient.RunAsync(Tb.SshConfigFile, name, "systemctl is-system-running; cat /proc/1/comm; hostname");
            var failed = await Tb[name].ExecAsync("systemctl --failed --no-legend --plain");
            Assert.True(r.StdOut.StartsWith("running\n", StringComparison.Ordinal),
                $"{name}: is-system-running answered {r.StdOut.Split('\n')[0]}; failed units:\n{failed.StdOut}{r.StdErr}");
            Assert.Equal($"running\nsystemd\n{name}\n", r.StdOut);
        }
    }

    [RequiresFact("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    public async Task OpenRc_host_runs_rc_status_with_sshd_started()
    {
        var h = Tb["node-2"];
        Assert.Equal(HostInit.OpenRc, h.Init);
        var r = (await SshClient.RunAsync(Tb.SshConfigFile, h.Name, "rc-status default; cat /proc/1/comm; hostname")).EnsureSuccess("rc-status over ssh");
        Assert.Matches(@"(?m)^\s*ssh\s+\[\s*started", r.StdOut);
        Assert.EndsWith($"\ninit\n{h.Name}\n", r.StdOut, StringComparison.Ordinal);
        var systemctl = await h.ExecAsync("command -v systemctl || echo none");
        Assert.Equal("none\n", systemctl.StdOut);
    }

    [RequiresFact("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    public async Task Hosts_reach_each_other_by_name_on_the_bridge()
    {
        var r = (await Tb["node-2"].ExecAsync("ping -c1 -W2 master >/dev/null && ping -c1 -W2 node-1 >/dev/null && echo ok")).EnsureSuccess("ping");
        Assert.Equal("ok\n", r.StdOut);
        var gw = (await Tb["master"].ExecAsync("ip -4 route show default")).EnsureSuccess("route");
        Assert.StartsWith($"default via {Tb.GatewayAddress} dev eth0", gw.StdOut, StringComparison.Ordinal);
    }

    [RequiresFact("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    public async Task Kill_then_start_brings_the_OpenRc_host_back_with_the_same_address_key_and_disk()
    {
        var h = Tb["node-2"];
        (await h.ExecAsync("echo kept > /root/disk-probe")).EnsureSuccess("writing the disk probe");
        await h.KillAsync();
        try
        {
            Assert.False(h.IsRunning);
        }
        finally
        {
            await h.StartAsync();
        }
        var r = (await SshClient.RunAsync(Tb.SshConfigFile, h.Name, "cat /root/disk-probe; hostname -I")).EnsureSuccess("ssh after restart");
        Assert.Equal($"kept\n{h.Address} \n", r.StdOut);
    }

    [RequiresFact("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    public async Task Stop_then_start_shuts_a_systemd_host_down_cleanly_and_keeps_its_disk()
    {
        var h = Tb["node-1"];
        (await h.ExecAsync("echo kept > /etc/disk-probe")).EnsureSuccess("writing the disk probe");
        await h.StopAsync();
        Assert.False(h.IsRunning);
        var log = await File.ReadAllTextAsync(h.ConsoleLogFile);
        var lastBoot = log[log.LastIndexOf("starting node-1", StringComparison.Ordinal)..];
        Assert.Contains($"Container {h.MachineName} has been shut down.", lastBoot, StringComparison.Ordinal); // not killed
        Assert.Contains("Reached target shutdown.target", System.Text.RegularExpressions.Regex.Replace(lastBoot, @"\x1b\[[0-9;]*m", ""), StringComparison.Ordinal);
        await h.StartAsync();
        var r = (await SshClient.RunAsync(Tb.SshConfigFile, h.Name, "cat /etc/disk-probe; systemctl is-system-running")).EnsureSuccess("ssh after restart");
        Assert.Equal("kept\nrunning\n", r.StdOut);
    }

    [RequiresFact("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    public async Task Booted_hosts_own_a_writable_cgroup_and_their_network_sysctls()
    {
        // Whatever this machine's ip_forward is, a host sets its own to the other value and the machine's stays put.
        var mine = (await File.ReadAllTextAsync("/proc/sys/net/ipv4/ip_forward")).Trim();
        var flipped = mine == "1" ? "0" : "1";
        foreach (var name in new[] { "master", "node-2" })
        {
            var h = Tb[name];
            var was = (await h.ExecAsync("cat /proc/sys/net/ipv4/ip_forward")).EnsureSuccess($"ip_forward on {name}").StdOut.Trim();
            var r = (await h.ExecAsync(
                "d=/sys/fs/cgroup/memory; [ -d $d ] || d=/sys/fs/cgroup; mkdir $d/k8sbare-probe && rmdir $d/k8sbare-probe && " +
                $"sysctl -qw net.ipv4.ip_forward={flipped} && cat /proc/sys/net/ipv4/ip_forward && " +
                "test -c /dev/kmsg && echo kmsg")).EnsureSuccess($"cgroup/sysctl probe on {name}");
            Assert.Equal($"{flipped}\nkmsg\n", r.StdOut);
            Assert.Equal(mine, (await File.ReadAllTextAsync("/proc/sys/net/ipv4/ip_forward")).Trim()); // while the host holds the other value
            (await h.ExecAsync($"sysctl -qw net.ipv4.ip_forward={was}")).EnsureSuccess($"restore ip_forward on {name}");
            // Seen from this machine, the host's processes live in its own cgroup, not in ours.
            var cgroup = await File.ReadAllTextAsync($"/proc/{h.LeaderPid}/cgroup");
            Assert.Contains($"/k8sbare-testbed-{Tb.Id}/{name}", cgroup, StringComparison.Ordinal);
        }
        Assert.Equal(mine, (await File.ReadAllTextAsync("/proc/sys/net/ipv4/ip_forward")).Trim());
    }

    [RequiresFact("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    public async Task Booted_hosts_run_an_OCI_container_with_runc_over_ssh_and_exec()
    {
        // A two-file rootfs (dash + libc) is enough for runc: it proves cgroups, namespaces and seccomp work inside.
        const string script = """
            set -e
            b=$(mktemp -d /root/k8sbare-bundle.XXXXXX)
            mkdir -p $b/rootfs/bin $b/rootfs/lib/x86_64-linux-gnu $b/rootfs/lib64 $b/rootfs/proc $b/rootfs/dev $b/rootfs/sys
            cp /usr/bin/dash $b/rootfs/bin/sh
            cp /lib/x86_64-linux-gnu/libc.so.6 $b/rootfs/lib/x86_64-linux-gnu/
            cp /lib64/ld-linux-x86-64.so.2 $b/rootfs/lib64/
            cd $b && runc spec
            sed -i 's/"terminal": true/"terminal": false/; s/"sh"$/"sh", "-c", "echo hello-from-runc"/' config.json
            runc run "probe-$$"
            rm -rf $b
            """;
        foreach (var name in new[] { "node-1", "node-2" })
        {
            var overSsh = (await SshClient.RunAsync(Tb.SshConfigFile, name, script)).EnsureSuccess($"runc over ssh on {name}");
            Assert.Equal("hello-from-runc\n", overSsh.StdOut);
            var outOfBand = (await Tb[name].ExecAsync(script)).EnsureSuccess($"runc via ExecAsync on {name}");
            Assert.Equal("hello-from-runc\n", outOfBand.StdOut);
        }
    }
}
