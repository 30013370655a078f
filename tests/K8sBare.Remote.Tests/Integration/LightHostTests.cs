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

/// <summary>The OpenSSH transport against the light testbed hosts: fan-out and a client-side cut of the ControlMaster (the rest is in the transport contract).</summary>
[Collection(TestbedCollections.Light)]
public sealed class LightHostTests(LightHostsFixture fixture)
{
    private K8sBare.Testing.Testbed.Testbed Tb => fixture.Testbed;

    [RequiresFact("ssh", "sshd", "ip", Root = true)]
    public async Task Fan_out_pushes_files_and_a_command_to_every_host_with_progress()
    {
        var events = new List<HostProgress>();
        var progress = new SyncProgress(e => { lock (events) events.Add(e); });
        var dir = "/srv/fanout-" + Guid.NewGuid().ToString("N")[..8];
        var files = Enumerable.Range(0, 10).Select(i => RemoteFile.FromText($"{dir}/f{i}", $"f{i}\n")).ToList();
        var result = await FanOut.RunAsync(Tb.Hosts, h => h.Name, "push", async (h, ct) =>
        {
            await using var host = await TestbedConnections.ConnectAsync(h);
            await host.EnsureDirectoryAsync(dir, FileModes.Executable, null, ct);
            var changes = await host.EnsureFilesAsync(files, ct);
            await host.RunAsync($"touch {dir}/.done", null, ct);
            return changes.Count(c => c.Changed);
        }, new FanOutOptions { MaxParallelism = 2, Progress = progress });
        result.EnsureSuccess();
        Assert.All(result.Hosts, r => Assert.Equal(10, r.Value)); // a fresh directory: every file is new on every host
        foreach (var h in Tb.Hosts)
        {
            Assert.Equal("f9\n", (await h.ExecAsync($"cat {dir}/f9")).StdOut);
            Assert.Equal("0\n", (await h.ExecAsync($"test -e {dir}/.done; echo $?")).StdOut);
            Assert.Contains(events, e => e.Host == h.Name && e.State == HostStepState.Succeeded && e.Step == "push");
        }
    }

    [RequiresFact("ssh", "sshd", "ip", Root = true)]
    public async Task Upload_cut_by_ssh_O_exit_mid_stream_leaves_the_old_file_and_no_temp_file()
    {
        var h = Tb.Hosts[1];
        await using var host = await TestbedConnections.ConnectAsync(h);
        await host.UploadAsync("/srv/atomic/big.bin", Encoding.UTF8.GetBytes("old content\n"));
        var stream = new TrippingStream(256L * 1024 * 1024, 16L * 1024 * 1024, async () =>
            (await ProcessRunner.RunAsync("ssh", ["-o", "ControlPath=" + host.ControlSocketPath, "-O", "exit", h.Address])).EnsureSuccess("ssh -O exit"));
        var ex = await Assert.ThrowsAsync<HostUnreachableException>(() => host.WriteFileAsync("/srv/atomic/big.bin", stream));
        Assert.True(stream.Tripped);
        Assert.Contains(h.Name, ex.Message);
        Assert.Equal("old content\n", (await h.ExecAsync("cat /srv/atomic/big.bin")).StdOut);
        await Eventually.HoldsAsync(async () => (await h.ExecAsync("ls -A /srv/atomic")).StdOut == "big.bin\n", "the temp file to be removed");
    }

    private sealed class SyncProgress(Action<HostProgress> report) : IProgress<HostProgress>
    {
        public void Report(HostProgress value) => report(value);
    }
}
