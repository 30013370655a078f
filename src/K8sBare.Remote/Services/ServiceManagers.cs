using K8sBare.Remote.Commands;
using K8sBare.Remote.Errors;
using K8sBare.Remote.Facts;

namespace K8sBare.Remote.Services;

/// <summary>Creates the right <see cref="IServiceManager"/> for a host.</summary>
public static class ServiceManagers
{
    internal const string DetectCommand =
        "if [ -d /run/systemd/system ]; then echo systemd; elif [ -d /run/openrc ] || command -v openrc-run >/dev/null 2>&1; then echo openrc; else echo unknown; fi";

    /// <summary>A manager for a known init system.</summary>
    /// <param name="connection">The host (any transport).</param>
    /// <param name="initSystem">systemd or OpenRC, e.g. from <see cref="HostFacts.InitSystem"/> or the node's declared init system.</param>
    /// <exception cref="ArgumentException">The init system is <see cref="InitSystem.Unknown"/>.</exception>
    public static IServiceManager For(IHostConnection connection, InitSystem initSystem) => initSystem switch
    {
        InitSystem.Systemd => new SystemdServiceManager(connection),
        InitSystem.OpenRc => new OpenRcServiceManager(connection),
        _ => throw new ArgumentException($"host '{connection?.Name}': no service manager for init system '{initSystem}'; K8sBare supports systemd and OpenRC.", nameof(initSystem)),
    };

    /// <summary>
    /// Detects the host's init system and returns its manager: systemd when <c>/run/systemd/system</c> exists (the test
    /// <c>sd_booted(3)</c> documents), else OpenRC when <c>/run/openrc</c> exists or <c>openrc-run</c> is installed; one
    /// short read-only command. The Directory transport answers from its options.
    /// </summary>
    /// <param name="connection">The host (any transport).</param>
    /// <param name="cancellationToken">Cancels the detection command.</param>
    /// <exception cref="RemoteException">The host runs neither systemd nor OpenRC.</exception>
    public static async Task<IServiceManager> DetectAsync(IHostConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        InitSystem init;
        if (connection.Transport == HostTransport.Directory)
            init = (await connection.GatherFactsAsync(cancellationToken).ConfigureAwait(false)).InitSystem;
        else
        {
            var r = await connection.RunAsync(DetectCommand, new CommandOptions { ReadOnly = true }, cancellationToken).ConfigureAwait(false);
            init = r.StdOut.Trim() switch { "systemd" => InitSystem.Systemd, "openrc" => InitSystem.OpenRc, _ => InitSystem.Unknown };
        }
        if (init == InitSystem.Unknown)
            throw new RemoteException(connection.Name, $"host '{connection.Name}' runs neither systemd nor OpenRC (no /run/systemd/system, no /run/openrc); K8sBare cannot manage its services.");
        return For(connection, init);
    }

    /// <summary>Extension form of <see cref="DetectAsync"/>.</summary>
    /// <param name="connection">The host (any transport).</param>
    /// <param name="cancellationToken">Cancels the detection command.</param>
    /// <exception cref="RemoteException">The host runs neither systemd nor OpenRC.</exception>
    public static Task<IServiceManager> GetServiceManagerAsync(this IHostConnection connection, CancellationToken cancellationToken = default) =>
        DetectAsync(connection, cancellationToken);
}
