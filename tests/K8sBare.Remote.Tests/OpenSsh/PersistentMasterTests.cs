using System.Text.RegularExpressions;
using K8sBare.Remote.Transports;
using K8sBare.Testing;

namespace K8sBare.Remote.Tests;

/// <summary>The opt-in persistent (shared, ControlPersist) master of the OpenSSH transport against a real loopback sshd.</summary>
public sealed partial class PersistentMasterTests(LocalSshServerFixture fixture) : IClassFixture<LocalSshServerFixture>
{
    private LocalSshServer Server => fixture.Server;

    [RequiresFact("ssh", "sshd", Root = true)]
    public async Task A_second_connection_reuses_the_persistent_master_left_by_the_first()
    {
        var options = Server.Options("persist-1") with { PersistentMaster = TimeSpan.FromSeconds(60) };
        string socket = "";
        try
        {
            int pid;
            await using (var first = await OpenSshConnection.ConnectAsync(options))
            {
                socket = first.ControlSocketPath;
                Assert.False(first.ReusedMaster);
                Assert.True(socket.Length < 100, socket);
                Assert.Equal((UnixFileMode)0x1C0, File.GetUnixFileMode(Path.GetDirectoryName(socket)!) & (UnixFileMode)0x1FF);
                Assert.Equal("1\n", (await first.RunAsync("echo 1")).StdOut);
                pid = MasterPid(socket, options);
            }
            Assert.True(File.Exists(socket), "dispose leaves the persistent master's socket");
            Assert.Equal(pid, MasterPid(socket, options));

            await using (var second = await OpenSshConnection.ConnectAsync(options with { Name = "persist-2" }))
            {
                Assert.Equal(socket, second.ControlSocketPath);
                Assert.True(second.ReusedMaster);
                Assert.Equal("2\n", (await second.RunAsync("echo 2")).StdOut);
                Assert.Equal(pid, MasterPid(socket, options)); // same master process: no new key exchange
            }

            // Options that change how ssh authenticates get their own master.
            await using var other = await OpenSshConnection.ConnectAsync(options with { CommandTimeout = null, ExtraOptions = ["Compression=no"] });
            Assert.NotEqual(socket, other.ControlSocketPath);
            Assert.False(other.ReusedMaster);
            Exit(other.ControlSocketPath, options);
        }
        finally
        {
            if (socket.Length > 0) Exit(socket, options);
        }
    }

    [RequiresFact("ssh", "sshd", Root = true)]
    public async Task The_default_private_master_leaves_no_socket_and_is_not_shared()
    {
        var options = Server.Options("private");
        string s1, s2;
        await using (var a = await OpenSshConnection.ConnectAsync(options))
        await using (var b = await OpenSshConnection.ConnectAsync(options))
        {
            (s1, s2) = (a.ControlSocketPath, b.ControlSocketPath);
            Assert.NotEqual(s1, s2);
            Assert.False(a.ReusedMaster || b.ReusedMaster);
            Assert.NotEqual(MasterPid(s1, options), MasterPid(s2, options));
        }
        Assert.False(File.Exists(s1) || File.Exists(s2), "no socket is left behind");
        Assert.False(Directory.Exists(Path.GetDirectoryName(s1)) || Directory.Exists(Path.GetDirectoryName(s2)), "the private directories are removed");
    }

    [RequiresFact("ssh", "sshd", Root = true)]
    public async Task The_persistent_master_expires_after_the_persist_time()
    {
        var options = Server.Options("persist-short") with { PersistentMaster = TimeSpan.FromSeconds(2), ExtraOptions = ["ServerAliveCountMax=4"] };
        string socket = "";
        try
        {
            await using (var host = await OpenSshConnection.ConnectAsync(options))
            {
                socket = host.ControlSocketPath;
                await host.RunAsync("true");
            }
            Assert.True(File.Exists(socket), "the master outlives the connection");
            await Eventually.HoldsAsync(() => !File.Exists(socket), "the idle master to exit by itself after ControlPersist");

            await using var again = await OpenSshConnection.ConnectAsync(options);
            Assert.Equal(socket, again.ControlSocketPath);
            Assert.False(again.ReusedMaster);
            Assert.Equal("ok\n", (await again.RunAsync("echo ok")).StdOut);
        }
        finally
        {
            if (socket.Length > 0) Exit(socket, options);
        }
    }

    /// <summary>The master's pid as reported by <c>ssh -O check</c> ("Master running (pid=N)").</summary>
    private static int MasterPid(string socket, OpenSshOptions options)
    {
        var r = ProcessRunner.Run("ssh", ["-F", "/dev/null", "-o", "ControlPath=" + socket, "-O", "check", "--", options.Host]);
        var m = PidPattern().Match(r.StdErr + r.StdOut);
        Assert.True(r.ExitCode == 0 && m.Success, $"ssh -O check failed (exit {r.ExitCode}): {r.StdErr}");
        return int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Exit(string socket, OpenSshOptions options)
    {
        if (File.Exists(socket)) ProcessRunner.Run("ssh", ["-F", "/dev/null", "-o", "ControlPath=" + socket, "-O", "exit", "--", options.Host]);
        for (var i = 0; i < 50 && File.Exists(socket); i++) Thread.Sleep(20);
        try { File.Delete(socket); }
        catch (IOException) { }
    }

    [GeneratedRegex(@"pid=(\d+)")]
    private static partial Regex PidPattern();
}
