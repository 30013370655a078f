using K8sBare.Remote.Facts;
using K8sBare.Remote.Files;

namespace K8sBare.Remote.Services;

/// <summary>
/// Installs and controls services on one host through its init system (systemd or OpenRC), behind one
/// interface. Unit files / init scripts are taken as plain text. Get one from <see cref="ServiceManagers"/>.
/// </summary>
public interface IServiceManager
{
    /// <summary>The init system this manager drives.</summary>
    InitSystem InitSystem { get; }

    /// <summary>The host connection used.</summary>
    IHostConnection Connection { get; }

    /// <summary>Where the service's definition lives (<c>/etc/systemd/system/NAME.service</c> or <c>/etc/init.d/NAME</c>).</summary>
    /// <param name="name">The service name (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>, <c>@</c>; with or without <c>.service</c> on systemd).</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid service name.</exception>
    string DefinitionPath(string name);

    /// <summary>
    /// Installs (idempotently) the unit file or OpenRC script. Returns whether it changed; after a change on
    /// systemd call <see cref="DaemonReloadAsync"/> (and restart the service when it runs).
    /// </summary>
    /// <param name="name">The service name (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>, <c>@</c>; with or without <c>.service</c> on systemd).</param>
    /// <param name="definition">The systemd unit text, or the OpenRC <c>openrc-run</c> script text (written mode 0755).</param>
    /// <param name="cancellationToken">Cancels the host command.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid service name.</exception>
    /// <exception cref="Errors.CommandFailedException">The host refused the write (the old definition stays).</exception>
    Task<FileChange> InstallAsync(string name, string definition, CancellationToken cancellationToken = default);

    /// <summary>Stops and disables the service and removes its definition; returns true when it was installed.</summary>
    /// <param name="name">The service name (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>, <c>@</c>; with or without <c>.service</c> on systemd).</param>
    /// <param name="cancellationToken">Cancels the host command.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid service name.</exception>
    /// <exception cref="Errors.CommandFailedException">The init system refused (the message points to the service's log).</exception>
    Task<bool> UninstallAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Makes the init system re-read definitions (<c>systemctl daemon-reload</c>; nothing to do on OpenRC).</summary>
    /// <param name="cancellationToken">Cancels the host command.</param>
    Task DaemonReloadAsync(CancellationToken cancellationToken = default);

    /// <summary>Enables the service at boot (<c>systemctl enable</c> / <c>rc-update add NAME default</c>).</summary>
    /// <param name="name">The service name (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>, <c>@</c>; with or without <c>.service</c> on systemd).</param>
    /// <param name="cancellationToken">Cancels the host command.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid service name.</exception>
    /// <exception cref="Errors.CommandFailedException">The init system refused (the message points to the service's log).</exception>
    Task EnableAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Disables the service at boot.</summary>
    /// <param name="name">The service name (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>, <c>@</c>; with or without <c>.service</c> on systemd).</param>
    /// <param name="cancellationToken">Cancels the host command.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid service name.</exception>
    /// <exception cref="Errors.CommandFailedException">The init system refused (the message points to the service's log).</exception>
    Task DisableAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Starts the service (no-op when it runs).</summary>
    /// <param name="name">The service name (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>, <c>@</c>; with or without <c>.service</c> on systemd).</param>
    /// <param name="cancellationToken">Cancels the host command.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid service name.</exception>
    /// <exception cref="Errors.CommandFailedException">The init system refused (the message points to the service's log).</exception>
    Task StartAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Stops the service (no-op when stopped).</summary>
    /// <param name="name">The service name (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>, <c>@</c>; with or without <c>.service</c> on systemd).</param>
    /// <param name="cancellationToken">Cancels the host command.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid service name.</exception>
    /// <exception cref="Errors.CommandFailedException">The init system refused (the message points to the service's log).</exception>
    Task StopAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Restarts the service (starts it when stopped).</summary>
    /// <param name="name">The service name (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>, <c>@</c>; with or without <c>.service</c> on systemd).</param>
    /// <param name="cancellationToken">Cancels the host command.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid service name.</exception>
    /// <exception cref="Errors.CommandFailedException">The init system refused (the message points to the service's log).</exception>
    Task RestartAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The service's state: active, enabled, main PID, in one round trip.</summary>
    /// <param name="name">The service name (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>, <c>@</c>; with or without <c>.service</c> on systemd).</param>
    /// <param name="cancellationToken">Cancels the host command.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid service name.</exception>
    Task<ServiceStatus> GetStatusAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>True when the service runs.</summary>
    /// <param name="name">The service name (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>, <c>@</c>; with or without <c>.service</c> on systemd).</param>
    /// <param name="cancellationToken">Cancels the host command.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid service name.</exception>
    Task<bool> IsActiveAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The service's recent log lines (<c>journalctl -u</c>, or the OpenRC <c>output_log</c>/<c>error_log</c> files).</summary>
    /// <param name="name">The service name (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>, <c>@</c>; with or without <c>.service</c> on systemd).</param>
    /// <param name="lines">How many lines at most, newest last (<c>journalctl -n</c> / <c>tail -n</c>; per log file on OpenRC); 1 or more.</param>
    /// <param name="cancellationToken">Cancels the host command.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid service name.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lines"/> is zero or negative.</exception>
    Task<string> ReadLogAsync(string name, int lines = 100, CancellationToken cancellationToken = default);
}
