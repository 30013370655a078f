using K8sBare.Remote.Commands;
using K8sBare.Remote.Errors;
using K8sBare.Remote.Facts;
using K8sBare.Remote.Files;

namespace K8sBare.Remote.Services;

/// <summary>OpenRC: scripts in <c>/etc/init.d</c> (mode 0755), <c>rc-service</c>, <c>rc-update</c>, <c>output_log</c> files.</summary>
public sealed class OpenRcServiceManager : IServiceManager
{
    /// <summary>Where init scripts are installed.</summary>
    public const string ScriptDirectory = "/etc/init.d";

    /// <summary>The runlevel services are enabled in.</summary>
    public const string Runlevel = "default";

    /// <summary>Where openrc-run keeps each service's recorded values (<c>service_set_value</c>: <c>$RC_SVCDIR/options/NAME/KEY</c>; RC_SVCDIR is /run/openrc on Linux).</summary>
    private const string OptionsDirectory = "/run/openrc/options";

    /// <summary>Creates a manager for an OpenRC host.</summary>
    /// <param name="connection">The host.</param>
    public OpenRcServiceManager(IHostConnection connection) => Connection = connection ?? throw new ArgumentNullException(nameof(connection));

    /// <inheritdoc />
    public InitSystem InitSystem => InitSystem.OpenRc;

    /// <summary>
    /// How long one <c>rc-service NAME status</c> may run on the host before it is stopped there (coreutils or busybox
    /// <c>timeout</c>); default 60 s. A status answers in well under a second, but nothing in OpenRC bounds it: openrc-run
    /// waits for its child with no time limit (<c>svc_exec</c> polls without a timeout; upstream OpenRC issue 895 is one way
    /// that wait never ends), and a status that hung once held an apply for the connection's whole command timeout
    /// (10 minutes). A status query that runs out is asked once more,
    /// then fails with a <see cref="CommandTimeoutException"/> naming the host and the command; a start, stop or restart
    /// whose status check runs out fails the same way without acting (a restart is never turned into a no-op start).
    /// </summary>
    public TimeSpan StatusTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Defines <c>$t</c>: the host's <c>timeout N</c> when it has a working one, else empty.</summary>
    private string TimeoutPrefix()
    {
        var secs = Math.Max(1, (int)Math.Ceiling(StatusTimeout.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"t=; if command -v timeout >/dev/null 2>&1 && timeout 5 true 2>/dev/null; then t='timeout {secs}'; fi; ";
    }

    /// <summary>The exit code of <c>timeout</c> when it stopped the command (coreutils and busybox).</summary>
    private const int TimedOutExit = 124;

    /// <summary>The transport's bound for a command around one or two status checks: the host-side limit plus room for the rest.</summary>
    private TimeSpan CommandBound => StatusTimeout * 2 + TimeSpan.FromSeconds(60);

    /// <summary>Runs a status check (<c>$t rc-service NAME status</c>, its exit code in <c>$s</c>); exits 124 when it ran out.</summary>
    private string CheckedStatus(string n) =>
        TimeoutPrefix() + $"$t rc-service {n} status >/dev/null 2>&1; s=$?; " +
        $"if [ $s = {TimedOutExit} ]; then echo \"k8sbare: rc-service {n} status did not answer within {StatusTimeout.TotalSeconds:0} s\" >&2; exit {TimedOutExit}; fi; ";

    /// <inheritdoc />
    public IHostConnection Connection { get; }

    /// <inheritdoc />
    public string DefinitionPath(string name) => ScriptDirectory + "/" + ServiceName.Validate(name);

    /// <inheritdoc />
    public Task<FileChange> InstallAsync(string name, string definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return Connection.EnsureFileAsync(RemoteFile.FromText(DefinitionPath(name), definition, FileModes.Executable, "root:root"), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> UninstallAsync(string name, CancellationToken cancellationToken = default)
    {
        var n = ServiceName.Validate(name);
        await Connection.RunAsync($"if [ -e {ScriptDirectory}/{n} ]; then rc-service {n} stop >/dev/null 2>&1; rc-update del {n} {Runlevel} >/dev/null 2>&1; fi; true",
            null, cancellationToken).ConfigureAwait(false);
        return await Connection.RemoveAsync(DefinitionPath(name), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>OpenRC reads scripts when they run: nothing to reload.</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    public Task DaemonReloadAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task EnableAsync(string name, CancellationToken cancellationToken = default)
    {
        var n = ServiceName.Validate(name);
        // rc-update add exits non-zero when already added on some versions: make it idempotent.
        return RunChecked($"rc-update show {Runlevel} 2>/dev/null | grep -q '^ *{n} |' || rc-update add {n} {Runlevel}", n, cancellationToken);
    }

    /// <inheritdoc />
    public Task DisableAsync(string name, CancellationToken cancellationToken = default)
    {
        var n = ServiceName.Validate(name);
        return RunChecked($"! rc-update show {Runlevel} 2>/dev/null | grep -q '^ *{n} |' || rc-update del {n} {Runlevel}", n, cancellationToken);
    }

    /// <inheritdoc />
    public Task StartAsync(string name, CancellationToken cancellationToken = default)
    {
        var n = ServiceName.Validate(name);
        return RunChecked(CheckedStatus(n) + $"[ $s = 0 ] || rc-service {n} start", n, cancellationToken);
    }

    /// <inheritdoc />
    public Task StopAsync(string name, CancellationToken cancellationToken = default)
    {
        var n = ServiceName.Validate(name);
        return RunChecked(CheckedStatus(n) + $"[ $s != 0 ] || rc-service {n} stop", n, cancellationToken);
    }

    /// <inheritdoc />
    public Task RestartAsync(string name, CancellationToken cancellationToken = default)
    {
        var n = ServiceName.Validate(name);
        return RunChecked(CheckedStatus(n) + $"if [ $s = 0 ]; then rc-service {n} restart; else rc-service {n} start; fi", n, cancellationToken);
    }

    private async Task RunChecked(string cmd, string name, CancellationToken ct)
    {
        var r = await Connection.RunAsync(cmd, new CommandOptions { AllowNonZeroExit = true }, ct).ConfigureAwait(false);
        if (r.ExitCode == TimedOutExit && r.StdErr.Contains($"k8sbare: rc-service {name} status did not answer", StringComparison.Ordinal))
            throw new CommandTimeoutException(Connection.Name, $"rc-service {name} status", StatusTimeout);
        if (!r.Succeeded)
            throw new CommandFailedException(Connection.Name, cmd, r.ExitCode, r.StdOut, r.StdErr,
                $"see the service's log (IServiceManager.ReadLogAsync: the script's output_log/error_log) and `rc-service {name} status`.");
    }

    /// <inheritdoc />
    public async Task<ServiceStatus> GetStatusAsync(string name, CancellationToken cancellationToken = default)
    {
        var n = ServiceName.Validate(name);
        var script = TimeoutPrefix() +
            $"if [ -e {ScriptDirectory}/{n} ]; then echo installed=yes; else echo installed=no; fi; " +
            $"s=$($t rc-service {n} status 2>&1); echo \"rc=$?\"; echo \"$s\" | sed -n 's/.*status: *//p' | sed 's/^/state=/'; " +
            $"if rc-update show {Runlevel} 2>/dev/null | grep -q '^ *{n} |'; then echo enabled=yes; else echo enabled=no; fi; " +
            // The pidfile openrc-run recorded at start (service_set_value pidfile), else the conventional one. Under
            // supervise-daemon that file holds the supervisor's pid (openrc-run(8)): the service is its child.
            $"p=$(cat {OptionsDirectory}/{n}/pidfile 2>/dev/null); [ -n \"$p\" ] || p=/run/{n}.pid; " +
            "if [ -r \"$p\" ]; then pid=$(cat \"$p\"); " +
            "if [ \"$(cat /proc/$pid/comm 2>/dev/null)\" = supervise-daemo ]; then pid=$(cat /proc/$pid/task/*/children 2>/dev/null | awk '{print $1; exit}'); fi; " +
            "[ -n \"$pid\" ] && echo \"pid=$pid\"; fi; true";
        Dictionary<string, string> d;
        for (var attempt = 1; ; attempt++)
        {
            var r = await Connection.RunAsync(script, new CommandOptions { AllowNonZeroExit = true, ReadOnly = true, Timeout = CommandBound }, cancellationToken).ConfigureAwait(false);
            d = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var line in r.StdOut.Split('\n'))
            {
                var i = line.IndexOf('=', StringComparison.Ordinal);
                if (i > 0) d[line[..i]] = line[(i + 1)..].Trim();
            }

            if (d.GetValueOrDefault("rc", "") != TimedOutExit.ToString(System.Globalization.CultureInfo.InvariantCulture)) break;
            // rc-service's own exit codes are 0-64: 124 is timeout's, the status ran out. Asked once more, then reported.
            if (attempt == 2) throw new CommandTimeoutException(Connection.Name, $"rc-service {n} status", StatusTimeout);
        }

        var state = d.GetValueOrDefault("state", "");
        if (state.Length == 0) state = d.GetValueOrDefault("rc", "") == "0" ? "started" : d.ContainsKey("rc") ? "stopped" : "unknown";
        var active = state == "started" && d.GetValueOrDefault("rc", "") == "0";
        var pid = active && int.TryParse(d.GetValueOrDefault("pid", ""), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : (int?)null;
        return new ServiceStatus(name, d.GetValueOrDefault("installed", "") == "yes", active, state, d.GetValueOrDefault("enabled", "") == "yes", pid);
    }

    /// <inheritdoc />
    public async Task<bool> IsActiveAsync(string name, CancellationToken cancellationToken = default) =>
        (await GetStatusAsync(name, cancellationToken).ConfigureAwait(false)).Active;

    /// <summary>
    /// Tails the files named by the script's <c>output_log</c> and <c>error_log</c> (default <c>/var/log/NAME.log</c>).
    /// </summary>
    /// <param name="name">The service name.</param>
    /// <param name="lines">How many lines at most per file.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public async Task<string> ReadLogAsync(string name, int lines = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lines);
        var n = ServiceName.Validate(name);
        var script =
            $"f={ScriptDirectory}/{n}; " +
            "get() { sed -n \"s/^[[:space:]]*$1=[\\\"']\\{0,1\\}\\([^\\\"']*\\)[\\\"']\\{0,1\\}[[:space:]]*$/\\1/p\" \"$f\" 2>/dev/null | tail -n 1; }; " +
            "o=$(get output_log); e=$(get error_log); " +
            $"[ -n \"$o\" ] || o=/var/log/{n}.log; " +
            $"tail -n {lines} \"$o\" 2>/dev/null; " +
            $"if [ -n \"$e\" ] && [ \"$e\" != \"$o\" ]; then tail -n {lines} \"$e\" 2>/dev/null; fi; true";
        var r = await Connection.RunAsync(script, new CommandOptions { AllowNonZeroExit = true, ReadOnly = true }, cancellationToken).ConfigureAwait(false);
        return r.StdOut;
    }
}
