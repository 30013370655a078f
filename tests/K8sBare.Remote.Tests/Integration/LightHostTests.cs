using System.Diagnostics;
using System.Text;
using K8sBare.Remote.Commands;
using K8sBare.Remote.Errors;
using K8sBare.Remote.Files;
using K8sBare.Remote.Fleet;
using K8sBare.Remote.Transports;
using K8sBare.Testing;
using K8sBare.Testing.Testbed;

namespace K8sBare.Remote.Tests;

/// <summary>The OpenSSH transport against the light testbed hosts: fan-out, failures, host keys, interrupted uploads.</summary>
[Collection(TestbedCollections.Light)]
public sealed class LightHostTests(LightHostsFixture fixture)
{
    private K8sBare.Testing.Testbed.Testbed Tb => fixture.Testbed;

    [RequiresFact("ssh", "sshd", "ip", Root = true)]
    public async Task Fan_out_pushes_files_and_a_command_to_every_host_with_progress()
    {
        var events = new List<HostProgress>();
        var progress = new SyncProgress(e => { lock (events) events.Add(e); });
        var files = Enumerable.Range(0, 10).Select(i => RemoteFile.FromText($"/srv/fanout/f{i}", $"f{i}\n")).ToList();
        var result = await FanOut.RunAsync(Tb.Hosts, h => h.Name, "push", async (h, ct) =>
        {
            await using var host = await TestbedConnections.ConnectAsync(h);
            await host.EnsureDirectoryAsync("/srv/fanout", FileModes.Executable, null, ct);
            var changes = await host.EnsureFilesAsync(files, ct);
            await host.RunAsync("touch /srv/fanout/.done", null, ct);
            return changes.Count(c => c.Changed);
        }, new FanOutOptions { MaxParallelism = 2, Progress = progress });
        result.EnsureSuccess();
        Assert.All(result.Hosts, r => Assert.InRange(r.Value, 0, 10));
        foreach (var h in Tb.Hosts)
        {
            Assert.Equal("f9\n", (await h.ExecAsync("cat /srv/fanout/f9")).StdOut);
            Assert.Contains(events, e => e.Host == h.Name && e.State == HostStepState.Succeeded && e.Step == "push");
        }
    }

    [RequiresFact("ssh", "sshd", "ip", Root = true)]
    public async Task A_changed_host_key_is_refused()
    {
        var h = Tb.Hosts[0];
        using var dir = new TempDirectory("k8sb-kh");
        await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", dir.Combine("impostor")]);
        var kh = dir.Combine("known_hosts");
        new KnownHostsFile(kh).Add(h.Address, null, File.ReadAllText(dir.Combine("impostor.pub")));
        var ex = await Assert.ThrowsAsync<HostKeyVerificationException>(() =>
            OpenSshConnection.ConnectAsync(TestbedConnections.For(h) with { KnownHostsFile = kh, HostKeyPolicy = HostKeyPolicy.TrustOnFirstUse }));
        Assert.Equal(HostKeyProblem.Changed, ex.Problem);
        Assert.Contains(h.Name, ex.Message);
        Assert.Contains("ssh-keygen -R", ex.Message);
    }

    [RequiresFact("ssh", "sshd", "ip", Root = true)]
    public async Task An_unreachable_host_gives_a_clear_error_naming_it_within_the_timeout()
    {
        var h = Tb.Hosts[2];
        await h.StopAsync();
        try
        {
            var sw = Stopwatch.StartNew();
            var ex = await Assert.ThrowsAsync<HostUnreachableException>(() =>
                OpenSshConnection.ConnectAsync(TestbedConnections.For(h) with { ConnectTimeout = TimeSpan.FromSeconds(3) }));
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2 * 3 + 10 + 2), $"took {sw.Elapsed}"); // the documented connect budget
            Assert.Contains(h.Name, ex.Message);
            Assert.Contains(h.Address, ex.Message);
        }
        finally
        {
            await h.StartAsync();
        }
        await using var back = await TestbedConnections.ConnectAsync(h);
        Assert.Equal("ok\n", (await back.RunAsync("echo ok")).StdOut);
    }

    [RequiresFact("ssh", "sshd", "ip", Root = true)]
    public async Task Upload_cut_by_ssh_O_exit_mid_stream_leaves_the_old_file_and_no_temp_file()
    {
        var h = Tb.Hosts[1];
        await using var host = await TestbedConnections.ConnectAsync(h);
        await host.UploadAsync("/srv/atomic/big.bin", Encoding.UTF8.GetBytes("old content\n"));
        var stream = new TrippingStream(256L * 1024 * 1024, 16L * 1024 * 1024, async () =>
            (await ProcessRunner.RunAsync("ssh", ["-o", "ControlPath=" + host.ControlSocketPath, "-O", "exit", h.Address])).EnsureSuccess("ssh -O exit"));
        var ex = await Assert.ThrowsAnyAsync<RemoteException>(() => host.WriteFileAsync("/srv/atomic/big.bin", stream));
        Assert.Contains(h.Name, ex.Message);
        Assert.Equal("old content\n", (await h.ExecAsync("cat /srv/atomic/big.bin")).StdOut);
        string listing = "";
        for (var i = 0; i < 50; i++)
        {
            listing = (await h.ExecAsync("ls -A /srv/atomic")).StdOut;
            if (listing == "big.bin\n") break;
            await Task.Delay(100);
        }
        Assert.Equal("big.bin\n", listing);
    }

    [RequiresFact("ssh", "sshd", "ip", Root = true)]
    public async Task Upload_cut_by_killing_the_host_mid_stream_leaves_the_old_file()
    {
        var h = Tb.Hosts[1];
        await using (var host = await TestbedConnections.ConnectAsync(h))
        {
            await host.UploadAsync("/srv/atomic2/big.bin", Encoding.UTF8.GetBytes("old content\n"));
            var stream = new TrippingStream(256L * 1024 * 1024, 16L * 1024 * 1024, () => h.KillAsync());
            var ex = await Assert.ThrowsAnyAsync<RemoteException>(() => host.WriteFileAsync("/srv/atomic2/big.bin", stream));
            Assert.Contains(h.Name, ex.Message);
        }
        await h.StartAsync();
        Assert.Equal("old content\n", (await h.ExecAsync("cat /srv/atomic2/big.bin")).StdOut);
        // a killed host cannot clean up: its temp file may remain, but never under the final name
        Assert.All((await h.ExecAsync("ls -A /srv/atomic2")).StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            n => Assert.True(n == "big.bin" || n.StartsWith(".big.bin.k8sbare.", StringComparison.Ordinal), n));
    }

    [RequiresFact("ssh", "sshd", "ip", Root = true)]
    public async Task Command_timeout_and_exit_codes_over_ssh()
    {
        await using var host = await TestbedConnections.ConnectAsync(Tb.Hosts[0]);
        var r = await host.RunAsync("echo o; echo e >&2; exit 42", new CommandOptions { AllowNonZeroExit = true });
        Assert.Equal((42, "o\n", "e\n"), (r.ExitCode, r.StdOut, r.StdErr));
        var ex = await Assert.ThrowsAsync<CommandFailedException>(() => host.RunAsync("false"));
        Assert.Equal(1, ex.ExitCode);
        await Assert.ThrowsAsync<CommandTimeoutException>(() => host.RunAsync("sleep 20", new CommandOptions { Timeout = TimeSpan.FromMilliseconds(500) }));
        Assert.Equal("still\n", (await host.RunAsync("echo still")).StdOut);
    }

    [RequiresFact("ssh", "sshd", "ip", "sudo", Root = true)]
    public async Task A_non_root_user_becomes_root_through_sudo_n()
    {
        var h = Tb.Hosts[0];
        (await h.ExecAsync(
            "id deploy >/dev/null 2>&1 || useradd -M -d /nonexistent -s /bin/sh deploy; usermod -p '*' deploy; " +
            "echo 'deploy ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/k8sbare-deploy; chmod 0440 /etc/sudoers.d/k8sbare-deploy; " +
            "id nosudo >/dev/null 2>&1 || useradd -M -d /nonexistent -s /bin/sh nosudo; usermod -p '*' nosudo")).EnsureSuccess("useradd");

        await using (var host = await OpenSshConnection.ConnectAsync(TestbedConnections.For(h) with { User = "deploy" }))
        {
            Assert.True(host.Become);
            Assert.NotEqual(0, host.LoginUid);
            Assert.Equal("0\n", (await host.RunAsync("id -u")).StdOut);
            Assert.Equal($"{host.LoginUid}\n", (await host.RunAsync("id -u", new CommandOptions { Become = false })).StdOut);
            await host.EnsureFilesAsync([RemoteFile.FromText("/etc/k8sbare-become/secret", "s\n", FileModes.Private, "root:root")]);
            Assert.Equal("600 root:root\n", (await h.ExecAsync("stat -c '%a %U:%G' /etc/k8sbare-become/secret")).StdOut);
            Assert.Equal("s\n", await host.ReadTextAsync("/etc/k8sbare-become/secret"));
            Assert.Equal(0, (await host.GatherFactsAsync()).EffectiveUid);
        }

        await using var plain = await OpenSshConnection.ConnectAsync(TestbedConnections.For(h) with { User = "nosudo" });
        var ex = await Assert.ThrowsAsync<CommandFailedException>(() => plain.RunAsync("true"));
        Assert.Contains("passwordless sudo", ex.Message);
        Assert.Contains(h.Name, ex.Message);
    }

    private sealed class SyncProgress(Action<HostProgress> report) : IProgress<HostProgress>
    {
        public void Report(HostProgress value) => report(value);
    }
}
