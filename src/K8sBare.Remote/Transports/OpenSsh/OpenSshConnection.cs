using System.Globalization;
using K8sBare.Remote.Commands;
using K8sBare.Remote.Errors;
using K8sBare.Remote.Facts;
using K8sBare.Remote.Files;
using K8sBare.Remote.Shell;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sBare.Remote.Transports;

/// <summary>
/// A host reached with the system OpenSSH client. One ControlMaster connection is opened by
/// <see cref="ConnectAsync"/> and every command is multiplexed over it (a few milliseconds each instead of a
/// new handshake). Host keys are verified (strict by default). <see cref="DisposeAsync"/> closes the master
/// (<c>ssh -O exit</c>) and removes its private socket directory, unless <see cref="OpenSshOptions.PersistentMaster"/>
/// is set: then a shared per-user master is reused across connections and processes and left to expire by itself.
/// </summary>
public sealed class OpenSshConnection : ShellConnection
{
    private readonly ControlDirectory _control;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sessions;
    private int _disposed;

    private OpenSshConnection(OpenSshOptions options, ControlDirectory control, ILogger logger)
    {
        Options = options;
        _control = control;
        _logger = logger;
        _sessions = new SemaphoreSlim(Math.Max(1, options.MaxConcurrentCommands));
        Ops = new ShellOperations(options.DisplayName, new Executor(this), logger, options.CommandTimeout);
    }

    /// <summary>Connects (authenticates, verifies the host key, starts the multiplexing master) and returns the connection.</summary>
    /// <param name="options">How to reach the host: address, user, port, key file or agent, ssh_config, ProxyJump, known_hosts, host-key policy, timeouts.</param>
    /// <param name="logger">Optional logger (commands at Debug level; file contents never).</param>
    /// <param name="cancellationToken">Cancels connecting (the ssh client is killed).</param>
    /// <exception cref="ArgumentException">The host is empty or starts with <c>-</c>, or <see cref="OpenSshOptions.PersistentMaster"/> is not positive.</exception>
    /// <exception cref="HostUnreachableException">The host cannot be reached within twice <see cref="OpenSshOptions.ConnectTimeout"/> plus 10 s (three times through a bastion).</exception>
    /// <exception cref="HostKeyVerificationException">The host key is unknown (strict policy) or has changed.</exception>
    /// <exception cref="RemoteAuthenticationException">The credentials were refused.</exception>
    public static async Task<OpenSshConnection> ConnectAsync(OpenSshOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Host);
        if (options.Host.StartsWith('-')) throw new ArgumentException($"host '{options.Host}' may not start with '-'.", nameof(options));
        if (options.PersistentMaster is { } persist && persist <= TimeSpan.Zero)
            throw new ArgumentException($"PersistentMaster must be positive (got {persist}); use null for a private master closed on dispose.", nameof(options));
        var control = options.PersistentMaster is null ? new ControlDirectory() : await ControlDirectory.SharedAsync(MasterKey(options), cancellationToken).ConfigureAwait(false);
        var conn = new OpenSshConnection(options, control, logger ?? NullLogger.Instance);
        return await OpenOrDisposeAsync(conn, conn.OpenAsync, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The settings this connection was created with.</summary>
    public OpenSshOptions Options { get; }

    /// <inheritdoc />
    public override string Name => Options.DisplayName;

    /// <inheritdoc />
    public override HostTransport Transport => HostTransport.OpenSsh;

    /// <summary>True when commands run through <c>sudo -n</c> (the login user is not root, or <see cref="BecomeMode.Always"/>).</summary>
    public bool Become => Ops.Become;

    /// <summary>The uid of the login user, as reported when connecting.</summary>
    public int LoginUid { get; private set; } = -1;

    /// <summary>
    /// The ControlMaster socket of this connection: inside a private 0700 directory removed on close, or with
    /// <see cref="OpenSshOptions.PersistentMaster"/> the shared per-user socket left for the persist time.
    /// </summary>
    public string ControlSocketPath => _control.SocketPath;

    /// <summary>True when connecting found a live persistent master (<c>ssh -O check</c>) and reused it instead of a new handshake.</summary>
    public bool ReusedMaster { get; private set; }

    /// <summary>What makes two persistent connections interchangeable: the target and every option that changes how ssh connects or authenticates.</summary>
    private static string MasterKey(OpenSshOptions o) => string.Join('\n',
        "k8sbare-ssh-v1", o.SshExecutable, o.ConfigFile ?? "", o.User ?? "", o.Host, o.Port?.ToString(CultureInfo.InvariantCulture) ?? "",
        o.IdentityFile ?? "", o.UseAgent ? "agent" : "no-agent", o.ProxyJump ?? "", o.KnownHostsFile ?? "", o.HostKeyPolicy.ToString(),
        string.Join('\u0001', o.ExtraOptions));

    private string Target =>
        (Options.User is null ? "" : Options.User + "@") + Options.Host + (Options.Port is { } p ? ":" + p.ToString(CultureInfo.InvariantCulture) : "");

    private async Task OpenAsync(CancellationToken ct)
    {
        // ssh's ConnectTimeout bounds the TCP connect and banner; the budget adds key exchange, authentication and the
        // first command (a bastion doubles the handshakes), with slack for a loaded machine.
        var budget = Options.ConnectTimeout * (Options.ProxyJump is null ? 2 : 3) + TimeSpan.FromSeconds(10);
        _logger.LogDebug("{Host}: connecting to {Target}", Name, Target);
        if (_control.Persistent && File.Exists(_control.SocketPath))
        {
            var check = await ProcessExec.RunAsync(Options.SshExecutable, [.. ControlArgs(), "-O", "check", "--", Options.Host], null, TimeSpan.FromSeconds(10), ct).ConfigureAwait(false);
            ReusedMaster = check.ExitCode == 0;
            _logger.LogDebug("{Host}: persistent master {State} ({Check})", Name, ReusedMaster ? "reused" : "stale, starting a new one", check.StdErr.Trim());
            if (!ReusedMaster)
            {
                try { File.Delete(_control.SocketPath); }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }
        var o = await ProcessExec.RunAsync(Options.SshExecutable, [.. SshArgs(), "--", Options.Host, "id -u"], null, budget, ct).ConfigureAwait(false);
        if (o.TimedOut)
            throw new HostUnreachableException(Name, $"host '{Name}' ({Target}) did not complete the SSH connection within {budget.TotalSeconds:0.#} s.\nfix: check the address, port and network path (bastion) to the host.");
        if (o.ExitCode != 0)
        {
            var stderr = ReadProxyErrors() is { Length: > 0 } proxy ? $"bastion {Options.ProxyJump}: {proxy.Trim()}\n{o.StdErr}" : o.StdErr;
            throw SshErrorClassifier.Classify(Name, Target, Options, 255, stderr)
                ?? new RemoteException(Name, $"connecting to host '{Name}' ({Target}) failed with exit {o.ExitCode}: {stderr.Trim()}\nfix: try `ssh {Target}` by hand with the same settings.");
        }
        LoginUid = int.TryParse(ProcessExec.Utf8(o.StdOut).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var uid) ? uid : -1;
        Ops.Become = DecideBecome(Options.Become, LoginUid == 0);
        _logger.LogDebug("{Host}: connected in {Ms} ms (uid {Uid}, become {Become})", Name, (long)o.Duration.TotalMilliseconds, LoginUid, Ops.Become);
    }

    /// <summary>The ssh arguments before the destination: authentication, host key policy, multiplexing.</summary>
    internal IReadOnlyList<string> SshArgs()
    {
        var a = new List<string>();
        if (Options.ConfigFile is not null) a.AddRange(["-F", Options.ConfigFile]);
        a.Add("-T");
        a.AddRange(CommonOptions());
        if (Options.Port is { } port) a.AddRange(["-p", port.ToString(CultureInfo.InvariantCulture)]);
        if (Options.User is not null) a.AddRange(["-l", Options.User]);
        if (Options.ProxyJump is not null)
        {
            if (Options.ProxyJump.Contains(',', StringComparison.Ordinal)) a.AddRange(["-J", Options.ProxyJump]);
            else a.AddRange(["-o", "ProxyCommand=" + ProxyCommand(Options.ProxyJump)]);
        }
        a.AddRange([
            "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=3",
            "-o", "ControlMaster=auto",
            "-o", "ControlPersist=" + Math.Max(1, (int)Math.Ceiling((Options.PersistentMaster ?? Options.ControlPersist).TotalSeconds)).ToString(CultureInfo.InvariantCulture),
            "-o", "ControlPath=" + _control.SocketPath,
        ]);
        foreach (var e in Options.ExtraOptions) a.AddRange(["-o", e]);
        return a;
    }

    /// <summary>Options shared by the connection and its bastion hop: batch mode, host keys, identity, timeouts.</summary>
    private List<string> CommonOptions()
    {
        var a = new List<string>
        {
            "-o", "BatchMode=yes",
            "-o", "LogLevel=ERROR",
            "-o", "ConnectTimeout=" + Math.Max(1, (int)Math.Ceiling(Options.ConnectTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
            "-o", "StrictHostKeyChecking=" + (Options.HostKeyPolicy == HostKeyPolicy.TrustOnFirstUse ? "accept-new" : "yes"),
        };
        if (Options.KnownHostsFile is not null)
            a.AddRange(["-o", "UserKnownHostsFile=" + SshConfigValue(Options.KnownHostsFile), "-o", "GlobalKnownHostsFile=/dev/null"]);
        if (Options.IdentityFile is not null) a.AddRange(["-i", Options.IdentityFile]);
        if (!Options.UseAgent) a.AddRange(["-o", "IdentityAgent=none", "-o", "IdentitiesOnly=yes"]);
        return a;
    }

    /// <summary>The arguments that address the master for <c>-O check</c> / <c>-O exit</c>.</summary>
    private string[] ControlArgs() =>
        [.. (Options.ConfigFile is null ? Array.Empty<string>() : ["-F", Options.ConfigFile]), "-o", "ControlPath=" + _control.SocketPath];

    private string ProxyCommand(string jump)
    {
        var args = new List<string> { Options.SshExecutable };
        if (Options.ConfigFile is not null) args.AddRange(["-F", Options.ConfigFile]);
        args.AddRange(CommonOptions());
        args.AddRange(["-W", "[%h]:%p", "ssh://" + jump]);
        // With ControlMaster on, ssh sends a ProxyCommand's stderr to /dev/null: keep it in the private control directory
        // so a refusal at the bastion (host key, authentication) is reported as such, not as an unreachable host.
        return string.Join(' ', args.Select(s => s == "[%h]:%p" ? "'[%h]:%p'" : ShellQuote.Quote(s))) + " 2>>" + ShellQuote.Quote(ProxyErrorFile);
    }

    /// <summary>Where the bastion hop's stderr goes (see <see cref="ProxyCommand"/>).</summary>
    private string ProxyErrorFile => _control.SocketPath + ".proxy-err";

    private string? ReadProxyErrors()
    {
        if (Options.ProxyJump is null) return null;
        try
        {
            if (!File.Exists(ProxyErrorFile)) return null;
            var text = File.ReadAllText(ProxyErrorFile);
            File.Delete(ProxyErrorFile);
            return text;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static string SshConfigValue(string value) => value.Contains(' ', StringComparison.Ordinal) ? "\"" + value + "\"" : value;

    /// <summary>
    /// Closes the multiplexing master (<c>ssh -O exit</c>) and removes the private socket directory. A persistent master
    /// (<see cref="OpenSshOptions.PersistentMaster"/>) is left running; it exits once idle for the persist time.
    /// </summary>
    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (_control.Persistent)
        {
            _logger.LogDebug("{Host}: left the persistent SSH master at {Socket}", Name, _control.SocketPath);
            return;
        }
        try
        {
            if (File.Exists(_control.SocketPath))
            {
                var o = await ProcessExec.RunAsync(Options.SshExecutable,
                    [.. ControlArgs(), "-O", "exit", "--", Options.Host], null, TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(false);
                _logger.LogDebug("{Host}: closed the SSH master (exit {Exit})", Name, o.ExitCode);
                // The master removes its socket as it exits; give it a moment so the directory can go.
                for (var i = 0; i < 50 && File.Exists(_control.SocketPath); i++) await Task.Delay(10).ConfigureAwait(false);
            }
        }
        catch (System.ComponentModel.Win32Exception) { /* ssh vanished: nothing to close */ }
        finally
        {
            _control.Dispose();
        }
    }

    private sealed class Executor(OpenSshConnection owner) : IShellExecutor
    {
        public async Task<ProcessOutcome> ExecAsync(string commandLine, Stream? stdin, TimeSpan? timeout, CancellationToken cancellationToken)
        {
            ObjectDisposedException.ThrowIf(owner._disposed != 0, owner);
            await owner._sessions.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var outcome = await ProcessExec.RunAsync(owner.Options.SshExecutable, [.. owner.SshArgs(), "--", owner.Options.Host, commandLine], stdin, timeout, cancellationToken).ConfigureAwait(false);
                if (outcome.ExitCode != 255 || outcome.TimedOut || TransportFailure(outcome) is not null) return outcome;
                // Exit 255 with nothing ssh would say (LogLevel=ERROR hides "closed by remote host" from a mux client): the
                // command's own 255, or the master's connection was cut under it. Only a live master tells them apart.
                var check = await ProcessExec.RunAsync(owner.Options.SshExecutable, [.. owner.ControlArgs(), "-O", "check", "--", owner.Options.Host], null, TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(false);
                return check.ExitCode == 0 ? outcome : outcome with { StdErr = outcome.StdErr + "k8sbare: lost connection: the SSH master is not running after the command (" + check.StdErr.Trim() + ")\n" };
            }
            finally
            {
                owner._sessions.Release();
            }
        }

        public Exception? TransportFailure(ProcessOutcome outcome) =>
            SshErrorClassifier.Classify(owner.Name, owner.Target, owner.Options, outcome.ExitCode, outcome.StdErr, duringCommand: true);
    }
}
