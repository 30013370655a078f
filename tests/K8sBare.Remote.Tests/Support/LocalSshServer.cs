using System.Diagnostics;
using K8sBare.Remote.Transports;
using K8sBare.Testing;

namespace K8sBare.Remote.Tests;

/// <summary>
/// A real sshd on a free loopback port, in a temp dir, with its own host key and an authorized client key.
/// A fast unit-level check of the OpenSSH transport (the multi-host testbed covers real hosts).
/// </summary>
public sealed class LocalSshServer : IAsyncDisposable
{
    private readonly Process _sshd;
    private readonly TempDirectory _dir;

    private LocalSshServer(TempDirectory dir, Process sshd, int port)
    {
        _dir = dir;
        _sshd = sshd;
        Port = port;
    }

    public int Port { get; }

    public string Dir => _dir.Path;

    public string ClientKey => _dir.Combine("client");

    public string HostPublicKey => File.ReadAllText(_dir.Combine("hostkey.pub")).Trim();

    /// <summary>A known_hosts file holding this server's real host key.</summary>
    public string KnownHosts => _dir.Combine("known_hosts");

    public static async Task<LocalSshServer> StartAsync(string? extraConfig = null)
    {
        var dir = new TempDirectory("k8sb-sshd");
        try
        {
            await Keygen(dir.Combine("hostkey"));
            await Keygen(dir.Combine("client"));
            await Keygen(dir.Combine("other"));
            File.Copy(dir.Combine("client.pub"), dir.Combine("authorized_keys"));
            Directory.CreateDirectory("/run/sshd");
            for (var attempt = 0; ; attempt++)
            {
                var port = FreePort.Next();
                File.WriteAllText(dir.Combine("sshd_config"), $"""
                    Port {port}
                    ListenAddress 127.0.0.1
                    HostKey {dir.Combine("hostkey")}
                    AuthorizedKeysFile {dir.Combine("authorized_keys")}
                    PidFile {dir.Combine("sshd.pid")}
                    UsePAM no
                    StrictModes no
                    PermitRootLogin prohibit-password
                    PasswordAuthentication no
                    KbdInteractiveAuthentication no
                    MaxSessions 200
                    MaxStartups 200:30:400
                    AllowTcpForwarding yes
                    {extraConfig ?? ""}
                    """);
                var psi = new ProcessStartInfo(TestEnvironment.RequireTool("sshd"))
                {
                    RedirectStandardError = true,
                    RedirectStandardOutput = true,
                    UseShellExecute = false,
                };
                foreach (var a in new[] { "-D", "-e", "-f", dir.Combine("sshd_config") }) psi.ArgumentList.Add(a);
                var p = Process.Start(psi)!;
                var stderr = new System.Text.StringBuilder();
                p.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
                p.BeginErrorReadLine();
                p.BeginOutputReadLine();
                var sw = Stopwatch.StartNew();
                while (sw.Elapsed < Eventually.Limit && !p.HasExited)
                {
                    lock (stderr) if (stderr.ToString().Contains("Server listening", StringComparison.Ordinal)) break;
                    await Task.Delay(20);
                }
                if (!p.HasExited)
                {
                    var server = new LocalSshServer(dir, p, port);
                    new KnownHostsFile(server.KnownHosts).Add("127.0.0.1", port, server.HostPublicKey);
                    return server;
                }
                if (attempt >= 3) throw new InvalidOperationException($"sshd did not start: {stderr}");
            }
        }
        catch
        {
            dir.Dispose();
            throw;
        }
    }

    /// <summary>Connection settings for root on this server with the authorized key and strict host keys.</summary>
    public OpenSshOptions Options(string? name = null) => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        User = "root",
        Name = name ?? "sshd-" + Port,
        IdentityFile = ClientKey,
        UseAgent = false,
        ConfigFile = "/dev/null",
        KnownHostsFile = KnownHosts,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    private static Task Keygen(string path) =>
        ProcessRunner.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "k8sbare-test", "-f", path]).ContinueWith(t => t.Result.EnsureSuccess("ssh-keygen"), TaskScheduler.Default);

    public async ValueTask DisposeAsync()
    {
        try { if (!_sshd.HasExited) _sshd.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        await _sshd.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _sshd.Dispose();
        _dir.Dispose();
    }
}
