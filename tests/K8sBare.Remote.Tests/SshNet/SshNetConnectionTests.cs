using System.Net;
using System.Net.Sockets;
using K8sBare.Remote.Commands;
using K8sBare.Remote.Errors;
using K8sBare.Remote.Transports;
using K8sBare.Testing;

namespace K8sBare.Remote.Tests;

/// <summary>The SSH.NET transport against a real sshd on a loopback port: what is specific to it (the contract runs on the testbed).</summary>
public sealed class SshNetConnectionTests(LocalSshServerFixture fixture) : IClassFixture<LocalSshServerFixture>, IDisposable
{
    private readonly TempDirectory _dir = new("k8sb-sshnet");
    private LocalSshServer Server => fixture.Server;

    public void Dispose() => _dir.Dispose();

    private SshNetOptions Options(string? name = null) => new()
    {
        Host = "127.0.0.1",
        Port = Server.Port,
        User = "root",
        Name = name ?? "sshnet-" + Server.Port,
        IdentityFile = Server.ClientKey,
        KnownHostsFile = Server.KnownHosts,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    [RequiresFact("sshd", "ssh-keygen", Root = true)]
    public async Task Connects_in_process_runs_commands_and_reports_its_transport()
    {
        await using var host = await SshNetConnection.ConnectAsync(Options("n1"));
        Assert.Equal(HostTransport.SshNet, host.Transport);
        Assert.Equal(0, host.LoginUid);
        Assert.False(host.Become);
        Assert.Equal(string.Join(' ', Server.HostPublicKey.Split(' ').Take(2)), host.HostKey);
        var r = await host.RunAsync("echo out; echo err >&2; exit 4", new CommandOptions { AllowNonZeroExit = true });
        Assert.Equal((4, "out\n", "err\n"), (r.ExitCode, r.StdOut, r.StdErr));
        Assert.Equal(1, host.ConnectCount);
        // no ssh client process was involved: no child of this process talks to this server's port (other tests' ssh
        // children may run at the same time against their own servers)
        Assert.DoesNotContain(ChildCommands(), c => c.StartsWith("ssh\0", StringComparison.Ordinal) && c.Contains(Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }

    [RequiresFact("sshd", "ssh-keygen", Root = true)]
    public async Task Known_hosts_in_port_form_hashed_and_wildcard_entries_are_accepted()
    {
        var key = string.Join(' ', Server.HostPublicKey.Split(' ').Take(2));
        // a hashed file made by ssh-keygen itself (the oracle for the hash format)
        var hashed = _dir.Combine("hashed");
        File.WriteAllText(hashed, $"[127.0.0.1]:{Server.Port} {key}\n");
        (await ProcessRunner.RunAsync("ssh-keygen", ["-H", "-f", hashed])).EnsureSuccess("ssh-keygen -H");
        Assert.DoesNotContain("127.0.0.1", File.ReadAllText(hashed));
        await using (var h = await SshNetConnection.ConnectAsync(Options() with { KnownHostsFile = hashed })) await h.RunAsync("true");

        var wildcard = _dir.Combine("wildcard");
        File.WriteAllText(wildcard, $"# comment\n\n[127.0.0.*]:{Server.Port},!10.0.0.1 {key} comment here\n");
        await using (var h = await SshNetConnection.ConnectAsync(Options() with { KnownHostsFile = wildcard })) await h.RunAsync("true");

        // the bare host form does not cover a non-22 port (as in OpenSSH)
        var bare = _dir.Combine("bare");
        File.WriteAllText(bare, $"127.0.0.1 {key}\n");
        var ex = await Assert.ThrowsAsync<HostKeyVerificationException>(() => SshNetConnection.ConnectAsync(Options() with { KnownHostsFile = bare }));
        Assert.Equal(HostKeyProblem.Unknown, ex.Problem);

        // a negated pattern excludes the line
        var negated = _dir.Combine("negated");
        File.WriteAllText(negated, $"[127.0.0.*]:{Server.Port},![127.0.0.1]:{Server.Port} {key}\n");
        ex = await Assert.ThrowsAsync<HostKeyVerificationException>(() => SshNetConnection.ConnectAsync(Options() with { KnownHostsFile = negated }));
        Assert.Equal(HostKeyProblem.Unknown, ex.Problem);
    }

    [RequiresFact("sshd", "ssh-keygen", Root = true)]
    public async Task A_revoked_key_is_refused_even_when_also_listed()
    {
        var key = string.Join(' ', Server.HostPublicKey.Split(' ').Take(2));
        var file = _dir.Combine("revoked");
        File.WriteAllText(file, $"[127.0.0.1]:{Server.Port} {key}\n@revoked * {key}\n");
        var ex = await Assert.ThrowsAsync<HostKeyVerificationException>(() => SshNetConnection.ConnectAsync(Options("rev") with { KnownHostsFile = file, HostKeyPolicy = HostKeyPolicy.TrustOnFirstUse }));
        Assert.Equal(HostKeyProblem.Revoked, ex.Problem);
        Assert.Contains("REVOKED", ex.Message);
    }

    [RequiresFact("sshd", "ssh-keygen", Root = true)]
    public async Task Trust_on_first_use_from_parallel_connections_records_the_key_once()
    {
        var file = _dir.Combine("tofu");
        var connections = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            SshNetConnection.ConnectAsync(Options() with { KnownHostsFile = file, HostKeyPolicy = HostKeyPolicy.TrustOnFirstUse })));
        foreach (var c in connections) await c.DisposeAsync();
        Assert.Equal([$"[127.0.0.1]:{Server.Port} {string.Join(' ', Server.HostPublicKey.Split(' ').Take(2))}"], File.ReadAllLines(file));
    }

    [RequiresFact("sshd", "ssh-keygen", Root = true)]
    public async Task Key_files_missing_encrypted_or_refused_give_authentication_errors_with_the_fix()
    {
        var missing = await Assert.ThrowsAsync<RemoteAuthenticationException>(() => SshNetConnection.ConnectAsync(Options("k1") with { IdentityFile = _dir.Combine("nope") }));
        Assert.Contains("does not exist", missing.Message);
        Assert.Contains("OpenSSH transport", missing.Message);

        var enc = _dir.Combine("enc");
        (await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "s3cret-pass", "-f", enc])).EnsureSuccess("ssh-keygen");
        var noPass = await Assert.ThrowsAsync<RemoteAuthenticationException>(() => SshNetConnection.ConnectAsync(Options("k2") with { IdentityFile = enc }));
        Assert.Contains("passphrase", noPass.Message);

        // the encrypted key, authorized and with its passphrase, works; the passphrase never shows in errors
        File.AppendAllText(Path.Combine(Server.Dir, "authorized_keys"), File.ReadAllText(enc + ".pub"));
        await using (var ok = await SshNetConnection.ConnectAsync(Options("k3") with { IdentityFile = enc, IdentityPassphrase = "s3cret-pass" }))
            Assert.Equal("0\n", (await ok.RunAsync("id -u")).StdOut);

        var refused = await Assert.ThrowsAsync<RemoteAuthenticationException>(() => SshNetConnection.ConnectAsync(Options("k4") with { IdentityFile = Path.Combine(Server.Dir, "other") }));
        Assert.Contains("k4", refused.Message);
        Assert.Contains("authorized_keys", refused.Message);
    }

    [RequiresFact("sshd", "ssh-keygen", Root = true)]
    public async Task A_closed_port_is_refused_and_a_silent_one_times_out_both_as_unreachable()
    {
        // a bound but not listening socket: connections are refused, and the port stays ours (no pick-then-bind race)
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var closedPort = ((IPEndPoint)closed.LocalEndPoint!).Port;
        var ex = await Assert.ThrowsAsync<HostUnreachableException>(() => SshNetConnection.ConnectAsync(Options("closed-host") with { Port = closedPort }));
        Assert.Contains("closed-host", ex.Message);
        Assert.Contains("ConnectionRefused", ex.Message);

        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(); // accepts TCP (kernel backlog) but never speaks SSH
        var silentPort = ((IPEndPoint)silent.LocalEndpoint).Port;
        var ex2 = await Assert.ThrowsAsync<HostUnreachableException>(() => SshNetConnection.ConnectAsync(Options("silent-host") with { Port = silentPort, ConnectTimeout = TimeSpan.FromSeconds(2) }));
        Assert.Contains("silent-host", ex2.Message);
    }

    [RequiresFact("sshd", "ssh-keygen", Root = true)]
    public async Task A_command_without_stdin_reads_dev_null_so_no_end_of_input_races_the_channel_close()
    {
        // SSH.NET sending EOF on a channel the host already closed makes sshd drop the whole connection ("ieof packet
        // referred to nonexistent channel"), failing every command on it; without stdin nothing is sent at all.
        await using var host = await SshNetConnection.ConnectAsync(Options("no-stdin"));
        Assert.Equal("/dev/null\n", (await host.RunAsync("readlink /proc/self/fd/0")).StdOut);
        Assert.Equal("", (await host.RunAsync("cat")).StdOut);
        var piped = await host.RunAsync("readlink /proc/self/fd/0; cat", new CommandOptions { StandardInput = "in"u8.ToArray() });
        Assert.StartsWith("pipe:", piped.StdOut, StringComparison.Ordinal);
        Assert.EndsWith("in", piped.StdOut, StringComparison.Ordinal);
    }

    [RequiresFact("sshd", "ssh-keygen", Root = true)]
    public async Task A_read_only_command_is_asked_again_on_a_new_connection_when_the_connection_drops_and_a_change_is_not()
    {
        await using var host = await SshNetConnection.ConnectAsync(Options("drop"));
        var readOnly = _dir.Combine("read-only.ran");
        var change = _dir.Combine("change.ran");

        var answer = await host.RunAsync(DropOnFirstRun(readOnly), new CommandOptions { ReadOnly = true });
        Assert.Equal("answered\n", answer.StdOut);
        Assert.Equal(2, File.ReadAllLines(readOnly).Length); // ran twice: cut, then asked again
        Assert.Equal(2, host.ConnectCount);

        var ex = await Assert.ThrowsAsync<HostUnreachableException>(() => host.RunAsync(DropOnFirstRun(change)));
        Assert.Contains("lost the SSH connection", ex.Message, StringComparison.Ordinal);
        Assert.Single(File.ReadAllLines(change)); // a change is never repeated blind
        Assert.Equal("ok\n", (await host.RunAsync("echo ok")).StdOut); // the next command reconnects
        Assert.Equal(3, host.ConnectCount);
    }

    // The command records each run in a file; on its first run it SIGKILLs the sshd session processes serving it (every
    // sshd-family ancestor but the topmost, the listener), as a dropped link would, and fails the test if it finds none.
    private static string DropOnFirstRun(string log) => $$"""
        echo run >> '{{log}}'
        if [ "$(wc -l < '{{log}}')" -eq 1 ]; then
          p=$$; chain=
          while [ "$p" -gt 1 ]; do
            s=$(cat /proc/$p/stat); c=${s#*(}; c=${c%%)*}; r=${s##*) }; set -- $r
            case "$c" in sshd*) chain="$chain $p" ;; esac
            p=$2
          done
          set -- $chain
          [ $# -ge 2 ] || { echo "no sshd session process above $$: $chain" >&2; exit 97; }
          while [ $# -ge 2 ]; do kill -9 "$1"; shift; done
          sleep 10
        fi
        echo answered
        """;

    private static List<string> ChildCommands()
    {
        var me = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var result = new List<string>();
        foreach (var d in Directory.GetDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(d, "stat"));
                if (stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1] == me) result.Add(File.ReadAllText(Path.Combine(d, "cmdline")));
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return result;
    }
}
