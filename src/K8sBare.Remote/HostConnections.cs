using K8sBare.Remote.Transports;
using Microsoft.Extensions.Logging;

namespace K8sBare.Remote;

/// <summary>Opens a connection from transport-neutral settings (what an inventory maps each host to).</summary>
public static class HostConnections
{
    /// <summary>Opens a connection: connects over SSH, or wraps the local machine or a host folder.</summary>
    /// <param name="options">OpenSSH, SSH.NET, Local or Directory settings.</param>
    /// <param name="logger">Optional logger.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public static async Task<IHostConnection> OpenAsync(HostConnectionOptions options, ILogger? logger = null, CancellationToken cancellationToken = default) =>
        options switch
        {
            OpenSshOptions ssh => await OpenSshConnection.ConnectAsync(ssh, logger, cancellationToken).ConfigureAwait(false),
            SshNetOptions sshNet => await SshNetConnection.ConnectAsync(sshNet, logger, cancellationToken).ConfigureAwait(false),
            LocalOptions local => new LocalConnection(local, logger),
            DirectoryHostOptions dir => new DirectoryConnection(dir, logger),
            null => throw new ArgumentNullException(nameof(options)),
            _ => throw new ArgumentException($"unsupported connection settings type {options.GetType().Name}.", nameof(options)),
        };
}
