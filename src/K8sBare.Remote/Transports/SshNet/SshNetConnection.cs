using System.Globalization;
using System.Net.Sockets;
using K8sBare.Remote.Commands;
using K8sBare.Remote.Errors;
using K8sBare.Remote.Facts;
using K8sBare.Remote.Files;
using K8sBare.Remote.Shell;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace K8sBare.Remote.Transports;

/// <summary>
/// A host reached with the in-process SSH.NET client: one SSH connection per <see cref="SshNetConnection"/>, each command
/// on its own channel (up to <see cref="SshNetOptions.MaxConcurrentCommands"/> at once), stdin streamed, stdout kept as
/// bytes. It runs the same POSIX shell scripts as the OpenSSH transport, so atomic writes (temp file in the same
/// directory, length and SHA-256 check, mode, owner, rename), batches, sudo, facts and services behave the same; no
/// sftp subsystem is needed. Host keys are checked against known_hosts before authentication (strict by default,
/// trust-on-first-use only on request, a changed or revoked key always refused). A dropped connection is re-opened by
/// the next command, with the same host-key check.
/// </summary>
public sealed class SshNetConnection : ShellConnection
{
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sessions;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly IReadOnlyList<KnownHostsFile> _knownHosts;
    private readonly CancellationTokenSource _stop = new();
    private SshClient? _client;
    private int _disposed;
    private int _inFlight;
    private Task? _watchdog;

    private SshNetConnection(SshNetOptions options, ILogger logger)
    {
        Options = options;
        _logger = logger;
        _sessions = new SemaphoreSlim(Math.Max(1, options.MaxConcurrentCommands));
        _knownHosts = options.KnownHostsFile is { } k
            ? [new KnownHostsFile(k)]
            : [new KnownHostsFile(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh", "known_hosts")), new KnownHostsFile("/etc/ssh/ssh_known_hosts")];
        Ops = new ShellOperations(options.DisplayName, new Executor(this), logger, options.CommandTimeout);
    }

    /// <summary>
    /// Connects (TCP, key exchange with the host-key check, public-key authentication) and runs a first command to learn
    /// the login uid (which decides <c>sudo -n</c> under <see cref="BecomeMode.Auto"/>).
    /// </summary>
    /// <param name="options">Host, user, key file, known_hosts, policy, timeouts.</param>
    /// <param name="logger">Optional logger (commands at Debug level; file contents and key material never).</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>The open connection; dispose it to close the SSH connection.</returns>
    /// <exception cref="HostKeyVerificationException">The host key is unknown (strict), changed or revoked.</exception>
    /// <exception cref="RemoteAuthenticationException">The key file is missing, unreadable or refused by the host.</exception>
    /// <exception cref="HostUnreachableException">The host cannot be reached or did not complete the handshake in time (TCP connect within <see cref="SshNetOptions.ConnectTimeout"/>, the whole handshake within twice that plus 10 s).</exception>
    /// <exception cref="ArgumentException">The host or the key file path is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The port is outside 1–65535.</exception>
    public static async Task<SshNetConnection> ConnectAsync(SshNetOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Host);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.IdentityFile);
        if (options.Port is < 1 or > 65535) throw new ArgumentOutOfRangeException(nameof(options), options.Port, "the SSH port must be 1–65535.");
        var c = new SshNetConnection(options, logger ?? NullLogger.Instance);
        return await OpenOrDisposeAsync(c, c.OpenAsync, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The settings this connection was created with.</summary>
    public SshNetOptions Options { get; }

    /// <inheritdoc />
    public override string Name => Options.DisplayName;

    /// <inheritdoc />
    public override HostTransport Transport => HostTransport.SshNet;

    /// <summary>The login user's uid on the host (0 for root).</summary>
    public int LoginUid { get; private set; } = -1;

    /// <summary>True when commands are wrapped in <c>sudo -n</c>.</summary>
    public bool Become => Ops.Become;

    /// <summary>The host key the host presented at the last connect, as a <c>type base64</c> public key line.</summary>
    public string? HostKey { get; private set; }

    /// <summary>How many times the SSH connection was (re)opened: 1 after connecting, more after drops.</summary>
    public int ConnectCount { get; private set; }

    private string User => Options.User ?? Environment.UserName;

    private string Target => $"{User}@{Options.Host}:{Options.Port.ToString(CultureInfo.InvariantCulture)}";

    private async Task OpenAsync(CancellationToken ct)
    {
        await ConnectClientAsync(ct).ConfigureAwait(false);
        var o = await new Executor(this).ExecAsync("id -u", null, Options.ConnectTimeout + TimeSpan.FromSeconds(10), ct).ConfigureAwait(false);
        if (o.TimedOut)
            throw new HostUnreachableException(Name, $"host '{Name}' ({Target}) accepted the SSH connection but did not run a first command within {(Options.ConnectTimeout + TimeSpan.FromSeconds(10)).TotalSeconds:0.#} s.\nfix: check the host's load and its sshd.");
        if (o.ExitCode != 0)
            throw new RemoteException(Name, $"the first command on host '{Name}' ({Target}) failed with exit {o.ExitCode}: {o.StdErr.Trim()}\nfix: check that the user's login shell works (`ssh {Target} id -u`).");
        LoginUid = int.TryParse(ProcessExec.Utf8(o.StdOut).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var uid) ? uid : -1;
        Ops.Become = DecideBecome(Options.Become, LoginUid == 0);
        _logger.LogDebug("{Host}: connected over SSH.NET (uid {Uid}, become {Become})", Name, LoginUid, Ops.Become);
        if (Options.KeepAliveInterval is { } interval && interval > TimeSpan.Zero) _watchdog = WatchAsync(interval, _stop.Token);
    }

    /// <summary>
    /// Dead-peer detection while commands run (ssh's ServerAlive*): a host that vanished sends no RST, so a blocked upload
    /// would otherwise wait for TCP to give up (many minutes). A probe channel that gets no answer within
    /// <see cref="SshNetOptions.ServerAliveCountMax"/> intervals closes the connection, failing the running commands.
    /// </summary>
    private async Task WatchAsync(TimeSpan interval, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                if (Volatile.Read(ref _inFlight) == 0 || _client is not { IsConnected: true } client) continue;
                var budget = interval * Math.Max(1, Options.ServerAliveCountMax);
                if (await AnswersAsync(client, budget, stop).ConfigureAwait(false) || stop.IsCancellationRequested) continue;
                _logger.LogWarning("{Host}: no answer over SSH for {Seconds:0.#} s; closing the connection", Name, budget.TotalSeconds);
                client.Dispose();
            }
        }
        catch (OperationCanceledException) { }
    }

    private static async Task<bool> AnswersAsync(SshClient client, TimeSpan budget, CancellationToken stop)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stop);
        limit.CancelAfter(budget);
        try
        {
            using var probe = client.CreateCommand("true");
            await probe.ExecuteAsync(limit.Token).WaitAsync(budget + TimeSpan.FromSeconds(2), stop).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException) { return stop.IsCancellationRequested; }
        catch (Exception ex) when (ex is SshException or SocketException or IOException or ObjectDisposedException or InvalidOperationException) { return false; }
    }

    /// <summary>Opens the SSH connection when there is none or it dropped; one at a time.</summary>
    private async Task<SshClient> ConnectedClientAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_client is { IsConnected: true } live) return live;
        await _connectLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_client is { IsConnected: true } again) return again;
            _logger.LogDebug("{Host}: the SSH connection dropped; reconnecting", Name);
            await ConnectClientAsync(ct).ConfigureAwait(false);
            return _client!;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private async Task ConnectClientAsync(CancellationToken ct)
    {
        var key = LoadKey();
        var info = new ConnectionInfo(Options.Host, Options.Port, User, new PrivateKeyAuthenticationMethod(User, key))
        {
            Timeout = Options.ConnectTimeout,
        };
        RestrictHostKeyAlgorithms(info);
        var client = new SshClient(info);
        if (Options.KeepAliveInterval is { } ka && ka > TimeSpan.Zero) client.KeepAliveInterval = ka;
        var check = new HostKeyCheck(this);
        client.HostKeyReceived += check.OnHostKeyReceived;
        var budget = Options.ConnectTimeout * 2 + TimeSpan.FromSeconds(10);
        using var timeout = new CancellationTokenSource(budget);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        _logger.LogDebug("{Host}: connecting to {Target} over SSH.NET", Name, Target);
        try
        {
            await client.ConnectAsync(linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            client.Dispose();
            throw check.Refusal ?? Classify(ex, timeout.IsCancellationRequested, budget);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        var old = _client;
        _client = client;
        ConnectCount++;
        old?.Dispose();
    }

    private PrivateKeyFile LoadKey()
    {
        var path = Options.IdentityFile;
        if (!File.Exists(path))
            throw new RemoteAuthenticationException(Name, $"the SSH key file '{path}' for host '{Name}' does not exist.\nfix: point IdentityFile at an existing private key (ssh-keygen -t ed25519 creates one), or use the OpenSSH transport for an agent-held key.");
        try
        {
            return Options.IdentityPassphrase is null ? new PrivateKeyFile(path) : new PrivateKeyFile(path, Options.IdentityPassphrase);
        }
        catch (SshPassPhraseNullOrEmptyException)
        {
            throw new RemoteAuthenticationException(Name, $"the SSH key file '{path}' for host '{Name}' is encrypted and no passphrase was given.\nfix: set IdentityPassphrase, or use the OpenSSH transport with ssh-agent.");
        }
        catch (Exception ex) when (ex is SshException or InvalidOperationException or FormatException or IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new RemoteAuthenticationException(Name, $"cannot read the SSH key file '{path}' for host '{Name}': {ex.Message}\nfix: use an OpenSSH, PEM or PuTTY private key (ed25519, ECDSA or RSA) readable by this user, with the right passphrase.");
        }
    }

    /// <summary>
    /// Like OpenSSH, asks the host for a key type already recorded for it (so a host with several keys is checked against
    /// the one on file instead of looking "unknown"); host certificates are never accepted.
    /// </summary>
    private void RestrictHostKeyAlgorithms(ConnectionInfo info)
    {
        foreach (var alg in info.HostKeyAlgorithms.Keys.Where(a => a.Contains("-cert-", StringComparison.Ordinal)).ToList()) info.HostKeyAlgorithms.Remove(alg);
        var known = KnownHostsVerifier.KnownKeyTypes(_knownHosts, Options.Host, Options.Port);
        if (known.Count == 0) return;
        var preferred = info.HostKeyAlgorithms.Keys.Where(a => known.Contains(KeyTypeOfAlgorithm(a))).ToList();
        if (preferred.Count == 0) return; // only types SSH.NET cannot speak are recorded: offer all, the check refuses a key not on file
        foreach (var alg in info.HostKeyAlgorithms.Keys.Except(preferred).ToList()) info.HostKeyAlgorithms.Remove(alg);
    }

    private static string KeyTypeOfAlgorithm(string algorithm) => algorithm is "rsa-sha2-256" or "rsa-sha2-512" ? "ssh-rsa" : algorithm;

    private Exception Classify(Exception ex, bool timedOut, TimeSpan budget)
    {
        var fix = "fix: check the address and port, that sshd runs on the host, and the firewall.";
        return ex switch
        {
            SshAuthenticationException => new RemoteAuthenticationException(Name,
                $"host '{Name}' ({Target}) refused authentication with the key '{Options.IdentityFile}': {ex.Message}\n" +
                "fix: check the user and that the key's public half is in the user's authorized_keys on the host.", ex),
            SocketException se => new HostUnreachableException(Name,
                $"cannot reach host '{Name}' ({Target}): {se.Message} ({se.SocketErrorCode}).\n{fix}", ex),
            _ when timedOut => new HostUnreachableException(Name,
                $"host '{Name}' ({Target}) did not complete the SSH connection within {budget.TotalSeconds:0.#} s.\n{fix}", ex),
            SshOperationTimeoutException => new HostUnreachableException(Name,
                $"cannot reach host '{Name}' ({Target}) within the connect timeout of {Options.ConnectTimeout.TotalSeconds:0.#} s: {ex.Message}\n{fix}", ex),
            SshConnectionException or SshException or IOException or ProxyException => new HostUnreachableException(Name,
                $"the SSH connection to host '{Name}' ({Target}) failed: {ex.Message}\n{fix}", ex),
            _ => new RemoteException(Name, $"connecting to host '{Name}' ({Target}) over SSH.NET failed: {ex.Message}", ex),
        };
    }

    /// <summary>Verifies the presented key against known_hosts and records the refusal to report after SSH.NET aborts.</summary>
    private sealed class HostKeyCheck(SshNetConnection owner)
    {
        public HostKeyVerificationException? Refusal { get; private set; }

        public void OnHostKeyReceived(object? sender, HostKeyEventArgs e)
        {
            var o = owner.Options;
            var blob = e.HostKey;
            var line = KnownHostsVerifier.PublicKeyLine(blob);
            owner.HostKey = line;
            var verdict = KnownHostsVerifier.Verify(owner._knownHosts, o.Host, o.Port, blob);
            var file = o.KnownHostsFile ?? owner._knownHosts[0].Path;
            var presented = $"{o.Host} presented {KnownHostsVerifier.KeyTypeOf(blob)} key SHA256:{e.FingerPrintSHA256}";
            switch (verdict)
            {
                case KnownHostsVerdict.Known:
                    e.CanTrust = true;
                    return;
                case KnownHostsVerdict.Unknown when o.HostKeyPolicy == HostKeyPolicy.TrustOnFirstUse:
                    new KnownHostsFile(file).Add(o.Host, o.Port, line);
                    owner._logger.LogInformation("{Host}: recorded its host key SHA256:{Fingerprint} in {File} (trust on first use)", owner.Name, e.FingerPrintSHA256, file);
                    e.CanTrust = true;
                    return;
                case KnownHostsVerdict.Unknown:
                    Refusal = new HostKeyVerificationException(owner.Name, HostKeyProblem.Unknown, o.KnownHostsFile, $"{presented}; no key is recorded for {KnownHostsFile.HostPattern(o.Host, o.Port)}.");
                    break;
                case KnownHostsVerdict.Revoked:
                    Refusal = new HostKeyVerificationException(owner.Name, HostKeyProblem.Revoked, o.KnownHostsFile, $"{presented}; it is marked @revoked.");
                    break;
                default:
                    Refusal = new HostKeyVerificationException(owner.Name, HostKeyProblem.Changed, o.KnownHostsFile,
                        $"{presented}; the recorded key(s) for {KnownHostsFile.HostPattern(o.Host, o.Port)} differ.");
                    break;
            }
            e.CanTrust = false;
        }
    }

    /// <summary>Closes the SSH connection.</summary>
    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_watchdog is not null) await _watchdog.ConfigureAwait(false);
        try
        {
            if (_client is { IsConnected: true } c) c.Disconnect();
        }
        catch (Exception ex) when (ex is SshException or SocketException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            _logger.LogDebug("{Host}: closing the SSH connection: {Error}", Name, ex.Message);
        }
        finally
        {
            _client?.Dispose();
            _stop.Dispose();
        }
    }

    /// <summary>Runs one command line on its own channel with stdin streamed and stdout/stderr captured.</summary>
    private sealed class Executor(SshNetConnection owner) : IShellExecutor
    {
        public async Task<ProcessOutcome> ExecAsync(string commandLine, Stream? stdin, TimeSpan? timeout, CancellationToken cancellationToken)
        {
            await owner._sessions.WaitAsync(cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref owner._inFlight);
            try
            {
                return await RunAsync(commandLine, stdin, timeout, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref owner._inFlight);
                owner._sessions.Release();
            }
        }

        private async Task<ProcessOutcome> RunAsync(string commandLine, Stream? stdin, TimeSpan? timeout, CancellationToken cancellationToken)
        {
            var client = await owner.ConnectedClientAsync(cancellationToken).ConfigureAwait(false);
            var sw = System.Diagnostics.Stopwatch.StartNew();
            using var timeoutCts = timeout is { } t && t > TimeSpan.Zero ? new CancellationTokenSource(t) : new CancellationTokenSource();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
            // Without stdin the host reads /dev/null and no end-of-input is sent: an EOF that SSH.NET sends after the
            // host closed the channel (a short command finishing first) makes sshd end the whole connection
            // ("ieof packet referred to nonexistent channel"), failing every command running on it.
            using var cmd = client.CreateCommand(stdin is null ? commandLine + " </dev/null" : commandLine);
            var stdout = new MemoryStream();
            Task exec;
            try
            {
                // SIGTERM on cancel: the host-side scripts trap it and remove their temp files.
                exec = cmd.ExecuteAsync(linked.Token);
            }
            catch (Exception ex) when (ex is SshConnectionException or SshException or SocketException or InvalidOperationException)
            {
                throw Lost(ex);
            }
            var outTask = cmd.OutputStream.CopyToAsync(stdout, CancellationToken.None);
            var feed = stdin is null ? Task.CompletedTask : FeedAsync(cmd, stdin, linked.Token);
            try
            {
                await exec.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested)
            {
                await Task.WhenAny(Task.WhenAll(feed, outTask), Task.Delay(2000, CancellationToken.None)).ConfigureAwait(false);
                if (cancellationToken.IsCancellationRequested) throw new OperationCanceledException(cancellationToken);
                return new ProcessOutcome(-1, stdout.ToArray(), SafeError(cmd), sw.Elapsed, TimedOut: true);
            }
            catch (Exception ex) when (ex is SshConnectionException or SshException or SocketException or IOException or ObjectDisposedException)
            {
                throw Lost(ex);
            }
            await Task.WhenAny(outTask, Task.Delay(5000, CancellationToken.None)).ConfigureAwait(false);
            try { await feed.ConfigureAwait(false); }
            catch (OperationCanceledException) { }
            if (cmd.ExitStatus is { } code) return new ProcessOutcome(code, stdout.ToArray(), SafeError(cmd), sw.Elapsed, TimedOut: false);
            if (!client.IsConnected) throw Lost(null);
            // Killed by a signal (no exit status): report it like ssh does, as exit 255 with the signal in stderr.
            return new ProcessOutcome(255, stdout.ToArray(), SafeError(cmd) + $"k8sbare: the command was killed by signal {cmd.ExitSignal ?? "(unknown)"} on the host\n", sw.Elapsed, TimedOut: false);
        }

        private HostUnreachableException Lost(Exception? inner) => new(owner.Name,
            $"lost the SSH connection to host '{owner.Name}' ({owner.Target}){(inner is null ? "" : ": " + inner.Message)}\n" +
            "fix: check the host and the network; a file being written at that moment keeps its old content, and the next command reconnects.", inner)
        { ConnectionLost = true };

        private static string SafeError(SshCommand cmd)
        {
            try { return cmd.Error; }
            catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException) { return ""; }
        }

        private static async Task FeedAsync(SshCommand cmd, Stream stdin, CancellationToken ct)
        {
            // Open and close the input so the host sees end-of-input (for uploads: the short length) instead of waiting.
            Stream input;
            try { input = cmd.CreateInputStream(); }
            catch (Exception ex) when (ex is InvalidOperationException or SshException or ObjectDisposedException) { return; }
            try
            {
                await stdin.CopyToAsync(input, 65536, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SshException or ObjectDisposedException or InvalidOperationException) { }
            finally
            {
                try { await input.DisposeAsync().ConfigureAwait(false); }
                catch (Exception ex) when (ex is IOException or SshException or ObjectDisposedException or InvalidOperationException) { }
            }
        }

        public Exception? TransportFailure(ProcessOutcome outcome) => null;
    }
}
