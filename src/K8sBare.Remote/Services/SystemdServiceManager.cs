using K8sBare.Remote.Commands;
using K8sBare.Remote.Errors;
using K8sBare.Remote.Facts;
using K8sBare.Remote.Files;

namespace K8sBare.Remote.Services;

/// <summary>systemd: units in <c>/etc/systemd/system</c>, <c>systemctl</c>, <c>journalctl</c>.</summary>
public sealed class SystemdServiceManager : IServiceManager
{
    /// <summary>Where unit files are installed.</summary>
    public const string UnitDirectory = "/etc/systemd/system";

    /// <summary>Creates a manager for a systemd host.</summary>
    /// <param name="connection">The host.</param>
    public SystemdServiceManager(IHostConnection connection) => Connection = connection ?? throw new ArgumentNullException(nameof(connection));

    /// <inheritdoc />
    public InitSystem InitSystem => InitSystem.Systemd;

    /// <inheritdoc />
    public IHostConnection Connection { get; }

    /// <summary>The unit name: <paramref name="name"/> with <c>.service</c> appended unless it has a unit suffix.</summary>
    /// <param name="name">The service name.</param>
    public static string UnitName(string name)
    {
        ServiceName.Validate(name);
        string[] suffixes = [".service", ".socket", ".timer", ".target", ".mount", ".path", ".slice"];
        return suffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal)) ? name : name + ".service";
    }

    /// <inheritdoc />
    public string DefinitionPath(string name) => UnitDirectory + "/" + UnitName(name);

    /// <inheritdoc />
    public Task<FileChange> InstallAsync(string name, string definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return Connection.EnsureFileAsync(RemoteFile.FromText(DefinitionPath(name), definition, FileModes.Default, "root:root"), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> UninstallAsync(string name, CancellationToken cancellationToken = default)
    {
        var unit = UnitName(name);
        await Connection.RunAsync($"systemctl disable --now {unit} >/dev/null 2>&1 || true", null, cancellationToken).ConfigureAwait(false);
        var removed = await Connection.RemoveAsync(DefinitionPath(name), cancellationToken).ConfigureAwait(false);
        if (removed) await DaemonReloadAsync(cancellationToken).ConfigureAwait(false);
        return removed;
    }

    /// <inheritdoc />
    public Task DaemonReloadAsync(CancellationToken cancellationToken = default) =>
        Connection.RunAsync("systemctl daemon-reload", null, cancellationToken);

    /// <inheritdoc />
    public Task EnableAsync(string name, CancellationToken cancellationToken = default) => ControlAsync("enable --quiet", name, cancellationToken);

    /// <inheritdoc />
    public Task DisableAsync(string name, CancellationToken cancellationToken = default) => ControlAsync("disable --quiet", name, cancellationToken);

    /// <inheritdoc />
    public Task StartAsync(string name, CancellationToken cancellationToken = default) => ControlAsync("start", name, cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(string name, CancellationToken cancellationToken = default) => ControlAsync("stop", name, cancellationToken);

    /// <inheritdoc />
    public Task RestartAsync(string name, CancellationToken cancellationToken = default) => ControlAsync("restart", name, cancellationToken);

    private async Task ControlAsync(string verb, string name, CancellationToken ct)
    {
        var unit = UnitName(name);
        var cmd = $"systemctl {verb} {unit}";
        var r = await Connection.RunAsync(cmd, new CommandOptions { AllowNonZeroExit = true }, ct).ConfigureAwait(false);
        if (!r.Succeeded)
            throw new CommandFailedException(Connection.Name, cmd, r.ExitCode, r.StdOut, r.StdErr,
                $"see the unit's log: `journalctl -u {unit} -n 50` (IServiceManager.ReadLogAsync) and `systemctl status {unit}`.");
    }

    /// <inheritdoc />
    public async Task<ServiceStatus> GetStatusAsync(string name, CancellationToken cancellationToken = default)
    {
        var unit = UnitName(name);
        var r = await Connection.RunAsync($"systemctl show {unit} --property=LoadState,ActiveState,SubState,UnitFileState,MainPID",
            new CommandOptions { AllowNonZeroExit = true, ReadOnly = true }, cancellationToken).ConfigureAwait(false);
        var props = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in r.StdOut.Split('\n'))
        {
            var i = line.IndexOf('=', StringComparison.Ordinal);
            if (i > 0) props[line[..i]] = line[(i + 1)..].Trim();
        }
        var load = props.GetValueOrDefault("LoadState", "");
        var active = props.GetValueOrDefault("ActiveState", "");
        var pid = int.TryParse(props.GetValueOrDefault("MainPID", ""), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var p) && p > 0 ? p : (int?)null;
        return new ServiceStatus(name, load is "loaded", active == "active", active.Length == 0 ? "unknown" : active,
            props.GetValueOrDefault("UnitFileState", "") is "enabled" or "enabled-runtime" or "static" or "alias", pid);
    }

    /// <inheritdoc />
    public async Task<bool> IsActiveAsync(string name, CancellationToken cancellationToken = default) =>
        (await GetStatusAsync(name, cancellationToken).ConfigureAwait(false)).Active;

    /// <inheritdoc />
    public async Task<string> ReadLogAsync(string name, int lines = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lines);
        var r = await Connection.RunAsync($"journalctl -u {UnitName(name)} -n {lines} --no-pager -o short-iso",
            new CommandOptions { AllowNonZeroExit = true, ReadOnly = true }, cancellationToken).ConfigureAwait(false);
        return r.StdOut;
    }
}
