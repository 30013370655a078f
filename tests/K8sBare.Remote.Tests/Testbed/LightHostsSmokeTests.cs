using K8sBare.Testing;
using K8sBare.Testing.Testbed;

namespace K8sBare.Remote.Tests.Testbed;

/// <summary>The light hosts are real sshd hosts with their own address, key and name, isolated from this machine.</summary>
[Collection(TestbedCollections.Light)]
public sealed class LightHostsSmokeTests(LightHostsFixture fixture)
{
    private K8sBare.Testing.Testbed.Testbed Tb => fixture.Testbed;

    [RequiresFact("ssh", "sshd", "ip", "nsenter", Root = true)]
    public async Task Every_light_host_answers_ssh_with_strict_host_key_checking()
    {
        Assert.Equal(LightHostsFixture.HostCount, Tb.Hosts.Count);
        Assert.Equal(Tb.Hosts.Count, Tb.Hosts.Select(h => h.Address).Distinct().Count());
        foreach (var h in Tb.Hosts)
        {
            Assert.Equal(HostInit.Light, h.Init);
            var r = await SshClient.RunAsync(Tb.SshConfigFile, h.Name, "cat /etc/hostname; ip -4 -o addr show dev eth0");
            r.EnsureSuccess($"ssh to {h.Name}");
            Assert.StartsWith(h.Name + "\n", r.StdOut, StringComparison.Ordinal);
            Assert.Contains($"inet {h.Address}/24", r.StdOut, StringComparison.Ordinal);
        }
    }

    [RequiresFact("ssh", "sshd", "ip", Root = true)]
    public async Task Ssh_refuses_a_host_whose_key_is_not_known()
    {
        var h = Tb.Hosts[0];
        using var dir = new TempDirectory("k8sbare-tb");
        var otherKnownHosts = dir.Combine("known_hosts");
        // A known_hosts with ANOTHER host's key under this host's name and address: ssh must refuse.
        var other = Tb.Hosts[1];
        await File.WriteAllTextAsync(otherKnownHosts, $"{h.Name},{h.Address} {other.HostPublicKey}\n");
        var r = await SshClient.RunAsync(Tb.SshConfigFile, h.Name, "true", "-o", $"UserKnownHostsFile={otherKnownHosts}");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("HOST IDENTIFICATION HAS CHANGED", r.StdErr, StringComparison.Ordinal);
        // And the host's own file works on its own.
        var ok = await ProcessRunner.RunAsync("ssh", ["-i", h.IdentityFile, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
            "-o", "StrictHostKeyChecking=yes", "-o", $"UserKnownHostsFile={h.KnownHostsFile}", "-p", h.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{h.User}@{h.Address}", "true"]);
        ok.EnsureSuccess($"ssh to {h.Address} with {h.KnownHostsFile}");
    }

    [RequiresFact("ssh", "sshd", "ip", "nsenter", Root = true)]
    public async Task Writes_on_a_light_host_stay_in_its_overlay_and_exec_sees_them_out_of_band()
    {
        var h = Tb.Hosts[0];
        var probe = $"/etc/k8sbare-testbed-probe-{Guid.NewGuid():N}";
        try
        {
            (await SshClient.RunAsync(Tb.SshConfigFile, h.Name, $"echo written-over-ssh > {probe}")).EnsureSuccess("writing over ssh");
            var seen = (await h.ExecAsync($"cat {probe}; cat /etc/hostname")).EnsureSuccess("exec on the host");
            Assert.Equal($"written-over-ssh\n{h.Name}\n", seen.StdOut);
            Assert.False(File.Exists(probe), $"{probe} leaked onto this machine");
            var neighbour = await Tb.Hosts[1].ExecAsync($"test -e {probe}");
            Assert.NotEqual(0, neighbour.ExitCode);
        }
        finally
        {
            await h.ExecAsync($"rm -f {probe}");
        }
    }

    [RequiresFact("ssh", "sshd", "ip", "nsenter", Root = true)]
    public async Task Kill_then_start_brings_the_light_host_back_with_the_same_address_key_and_disk()
    {
        var h = Tb.Hosts[^1];
        var leaderBefore = h.LeaderPid;
        (await h.ExecAsync("echo kept > /var/k8sbare-disk-probe")).EnsureSuccess("writing the disk probe");
        await h.KillAsync();
        try
        {
            Assert.False(h.IsRunning);
            var down = await SshClient.RunAsync(Tb.SshConfigFile, h.Name, "true", "-o", "ConnectTimeout=3");
            Assert.NotEqual(0, down.ExitCode);
        }
        finally
        {
            await h.StartAsync();
        }
        Assert.NotEqual(leaderBefore, h.LeaderPid);
        var r = await SshClient.RunAsync(Tb.SshConfigFile, h.Name, "cat /var/k8sbare-disk-probe; hostname -I");
        r.EnsureSuccess("ssh after restart (the known_hosts entry still matches: same host key)");
        Assert.Equal($"kept\n{h.Address} \n", r.StdOut);
    }

    [RequiresFact("ssh", "sshd", "ip", "nsenter", Root = true)]
    public async Task Stop_start_keeps_the_disk_and_wipe_resets_it()
    {
        var h = Tb.Hosts[1];
        (await h.ExecAsync("echo kept > /opt/k8sbare-wipe-probe")).EnsureSuccess("writing the disk probe");
        await h.StopAsync();
        try
        {
            Assert.False(h.IsRunning);
        }
        finally
        {
            await h.StartAsync();
        }
        Assert.Equal("kept\n", (await h.ExecAsync("cat /opt/k8sbare-wipe-probe")).StdOut);
        await h.StopAsync();
        try
        {
            await h.WipeAsync();
        }
        finally
        {
            await h.StartAsync();
        }
        Assert.NotEqual(0, (await h.ExecAsync("test -e /opt/k8sbare-wipe-probe")).ExitCode);
        (await SshClient.RunAsync(Tb.SshConfigFile, h.Name, "true")).EnsureSuccess("ssh after wipe (same host key)");
    }
}
