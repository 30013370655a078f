using System.Net;
using System.Net.Sockets;
using System.Text;
using K8sBare.Remote.Commands;
using K8sBare.Remote.Errors;
using K8sBare.Remote.Files;
using K8sBare.Remote.Transports;
using K8sBare.Testing;

namespace K8sBare.Remote.Tests;

/// <summary>The OpenSSH transport against a real sshd on a loopback port (fast unit-level checks).</summary>
public sealed class OpenSshConnectionTests(LocalSshServerFixture fixture) : IClassFixture<LocalSshServerFixture>, IDisposable
{
    private readonly TempDirectory _dir = new("k8sb-ssh");
    private LocalSshServer Server => fixture.Server;

    public void Dispose() => _dir.Dispose();

    [RequiresFact("ssh", "sshd", Root = true)]
    public async Task Commands_run_multiplexed_and_the_master_is_closed_cleanly()
    {
        string socket;
        await using (var host = await OpenSshConnection.ConnectAsync(Server.Options("m1")))
        {
            socket = host.ControlSocketPath;
            Assert.True(socket.Length < 40, socket);
            Assert.True(File.Exists(socket), "the ControlMaster socket exists while connected");
            Assert.Equal(FileModes.Parse("0700"), File.GetUnixFileMode(Path.GetDirectoryName(socket)!) & (UnixFileMode)0x1FF);
            Assert.Equal(0, host.LoginUid);
            Assert.False(host.Become);
            var r = await host.RunAsync("echo out; echo err >&2; exit 4", new CommandOptions { AllowNonZeroExit = true });
            Assert.Equal((4, "out\n", "err\n"), (r.ExitCode, r.StdOut, r.StdErr));
            var ex = await Assert.ThrowsAsync<CommandFailedException>(() => host.RunAsync("echo bad >&2; exit 255"));
            Assert.Equal(255, ex.ExitCode); // the command's own 255 is not mistaken for a transport failure
            Assert.Equal("bad\n", ex.StdErr);
            Assert.Equal("m1", ex.Host);
            Assert.Single(MasterProcesses(socket));
        }
        Assert.False(Directory.Exists(Path.GetDirectoryName(socket)), "the private socket directory is removed");
        await Eventually.HoldsAsync(() => MasterProcesses(socket).Count == 0, "the master to exit after dispose");
    }

    [RequiresFact("ssh", "sshd", Root = true)]
    public async Task Files_facts_and_idempotency_over_ssh()
    {
        await using var host = await OpenSshConnection.ConnectAsync(Server.Options());
        var files = Enumerable.Range(0, 10).Select(i => RemoteFile.FromText(_dir.Combine("etc", $"f{i}"), $"v{i}\n", FileModes.Private, "root:root")).ToList();
        Assert.All(await host.EnsureFilesAsync(files), c => Assert.Equal(FileChangeKind.Created, c.Kind));
        Assert.All(await host.EnsureFilesAsync(files), c => Assert.Equal(FileChangeKind.Unchanged, c.Kind));
        Assert.Equal("v3\n", await host.ReadTextAsync(files[3].Path));
        Assert.Equal(FileModes.Private, File.GetUnixFileMode(files[3].Path));
        var facts = await host.GatherFactsAsync();
        Assert.True(facts.IsListening(Server.Port));
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/hostname").Trim(), facts.Hostname);
    }

    [RequiresFact("ssh", "sshd", Root = true)]
    public async Task Unknown_host_key_is_refused_by_default()
    {
        var empty = _dir.Combine("empty_known_hosts");
        File.WriteAllText(empty, "");
        var ex = await Assert.ThrowsAsync<HostKeyVerificationException>(() =>
            OpenSshConnection.ConnectAsync(Server.Options("strict-host") with { KnownHostsFile = empty }));
        Assert.Equal(HostKeyProblem.Unknown, ex.Problem);
        Assert.Contains("strict-host", ex.Message);
        Assert.Contains("TrustOnFirstUse", ex.Message);
        Assert.Equal("", File.ReadAllText(empty));
    }

    [RequiresFact("ssh", "sshd", Root = true)]
    public async Task Trust_on_first_use_records_the_key_only_when_asked()
    {
        var file = _dir.Combine("tofu_known_hosts");
        await using (var host = await OpenSshConnection.ConnectAsync(Server.Options() with { KnownHostsFile = file, HostKeyPolicy = HostKeyPolicy.TrustOnFirstUse }))
            await host.RunAsync("true");
        var recorded = new KnownHostsFile(file).KeysFor("127.0.0.1", Server.Port);
        Assert.Equal([string.Join(' ', Server.HostPublicKey.Split(' ').Take(2))], recorded);
        // and now strict mode accepts it
        await using var again = await OpenSshConnection.ConnectAsync(Server.Options() with { KnownHostsFile = file });
        await again.RunAsync("true");
    }

    [RequiresFact("ssh", "sshd", Root = true)]
    public async Task Changed_host_key_is_refused_even_with_trust_on_first_use()
    {
        var file = _dir.Combine("changed_known_hosts");
        var kh = new KnownHostsFile(file);
        kh.Add("127.0.0.1", Server.Port, File.ReadAllText(Path.Combine(Server.Dir, "other.pub")));
        foreach (var policy in new[] { HostKeyPolicy.Strict, HostKeyPolicy.TrustOnFirstUse })
        {
            var ex = await Assert.ThrowsAsync<HostKeyVerificationException>(() =>
                OpenSshConnection.ConnectAsync(Server.Options("changed-host") with { KnownHostsFile = file, HostKeyPolicy = policy }));
            Assert.Equal(HostKeyProblem.Changed, ex.Problem);
            Assert.Contains("CHANGED", ex.Message);
            Assert.Contains("changed-host", ex.Message);
        }
        Assert.Single(kh.KeysFor("127.0.0.1", Server.Port)); // the file was not touched
    }

    [RequiresFact("ssh", "sshd", Root = true)]
    public async Task Refused_credentials_give_an_authentication_error()
    {
        var ex = await Assert.ThrowsAsync<RemoteAuthenticationException>(() =>
            OpenSshConnection.ConnectAsync(Server.Options("auth-host") with { IdentityFile = Path.Combine(Server.Dir, "other") }));
        Assert.Contains("auth-host", ex.Message);
        Assert.Contains("authorized_keys", ex.Message);
    }

    [RequiresFact("ssh", Root = true)]
    public async Task Closed_port_is_reported_unreachable_naming_the_host()
    {
        // a bound but not listening socket: connections are refused, and the port stays ours (no pick-then-bind race)
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)closed.LocalEndPoint!).Port;
        var ex = await Assert.ThrowsAsync<HostUnreachableException>(() =>
            OpenSshConnection.ConnectAsync(new OpenSshOptions { Host = "127.0.0.1", Port = port, Name = "closed-host", ConfigFile = "/dev/null", ConnectTimeout = TimeSpan.FromSeconds(3) }));
        Assert.Contains("closed-host", ex.Message);
        Assert.Contains("refused", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [RequiresFact("ssh", Root = true)]
    public async Task Silent_host_is_reported_unreachable_naming_the_host()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(); // accepts TCP (kernel backlog) but never speaks SSH
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var ex = await Assert.ThrowsAsync<HostUnreachableException>(() =>
            OpenSshConnection.ConnectAsync(new OpenSshOptions { Host = "127.0.0.1", Port = port, Name = "silent-host", ConfigFile = "/dev/null", ConnectTimeout = TimeSpan.FromSeconds(2) }));
        Assert.Contains("silent-host", ex.Message);
        Assert.Contains("fix:", ex.Message);
    }

    [RequiresFact("ssh", "sshd", Root = true)]
    public async Task ProxyJump_goes_through_the_bastion_with_the_same_host_key_checks()
    {
        var opts = Server.Options("behind-bastion") with { ProxyJump = $"root@127.0.0.1:{Server.Port}" };
        await using (var host = await OpenSshConnection.ConnectAsync(opts))
            Assert.Equal("ok\n", (await host.RunAsync("echo ok")).StdOut);
        // the bastion's key is verified against the same known_hosts: an empty file refuses it
        var empty = _dir.Combine("kh_empty");
        File.WriteAllText(empty, "");
        var ex = await Assert.ThrowsAsync<HostKeyVerificationException>(() => OpenSshConnection.ConnectAsync(opts with { KnownHostsFile = empty }));
        Assert.Equal(HostKeyProblem.Unknown, ex.Problem);
    }

    [RequiresFact("ssh", "sshd", Root = true)]
    public async Task An_explicit_ssh_config_file_resolves_an_alias()
    {
        var cfg = _dir.Combine("ssh_config");
        File.WriteAllText(cfg, $"""
            Host k8sbare-alias
              HostName 127.0.0.1
              Port {Server.Port}
              User root
              IdentityFile {Server.ClientKey}
              IdentitiesOnly yes
              UserKnownHostsFile {Server.KnownHosts}
            """);
        await using var host = await OpenSshConnection.ConnectAsync(new OpenSshOptions { Host = "k8sbare-alias", ConfigFile = cfg, UseAgent = false });
        Assert.Equal("k8sbare-alias", host.Name);
        Assert.Equal("0\n", (await host.RunAsync("id -u")).StdOut);
    }

    [RequiresFact("ssh", "sshd", Root = true)]
    public async Task Upload_interrupted_by_closing_the_connection_keeps_the_old_file()
    {
        await using var host = await OpenSshConnection.ConnectAsync(Server.Options("cut-host"));
        var path = _dir.Combine("data", "big.bin");
        await host.UploadAsync(path, Encoding.UTF8.GetBytes("old content"));
        var stream = new TrippingStream(256L * 1024 * 1024, 8L * 1024 * 1024, async () =>
        {
            // Close the multiplexed connection mid-stream, like a dropped link.
            (await ProcessRunner.RunAsync("ssh", ["-o", "ControlPath=" + host.ControlSocketPath, "-O", "exit", "x"])).EnsureSuccess("ssh -O exit");
        });
        var ex = await Assert.ThrowsAsync<HostUnreachableException>(() => host.WriteFileAsync(path, stream));
        Assert.Contains("cut-host", ex.Message);
        Assert.True(stream.Tripped);
        Assert.Equal("old content", File.ReadAllText(path));
        await Eventually.HoldsAsync(() => Directory.GetFiles(Path.GetDirectoryName(path)!).SequenceEqual([path]), "the temp file to be removed");
        // the connection re-establishes its master on the next command
        Assert.Equal("old content", await host.ReadTextAsync(path));
    }

    [RequiresFact("ssh", "sshd", Root = true)]
    public async Task Cancelling_an_upload_kills_the_client_and_keeps_the_old_file()
    {
        await using var host = await OpenSshConnection.ConnectAsync(Server.Options());
        var path = _dir.Combine("cancel", "big.bin");
        await host.UploadAsync(path, Encoding.UTF8.GetBytes("old"));
        using var cts = new CancellationTokenSource();
        var stream = new TrippingStream(256L * 1024 * 1024, 4L * 1024 * 1024, () => { cts.Cancel(); return Task.CompletedTask; });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.WriteFileAsync(path, stream, null, cts.Token));
        Assert.Equal("old", File.ReadAllText(path));
        await Eventually.HoldsAsync(() => Directory.GetFiles(Path.GetDirectoryName(path)!).SequenceEqual([path]), "the temp file to be removed");
    }

    private static List<int> MasterProcesses(string socket)
    {
        var pids = new List<int>();
        foreach (var d in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(d), out var pid)) continue;
            try
            {
                var cmd = File.ReadAllText(Path.Combine(d, "cmdline")).Replace('\0', ' ');
                if (cmd.StartsWith("ssh:", StringComparison.Ordinal) && cmd.Contains(socket, StringComparison.Ordinal) && cmd.Contains("[mux]", StringComparison.Ordinal)) pids.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return pids;
    }
}
