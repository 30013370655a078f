using Microsoft.Extensions.Logging;

namespace K8sBare.Remote.Transports;

/// <summary>Opens a connection from transport-neutral settings (what an inventory maps each host to).</summary>
public static class HostConnections
{
    /// <summary>Opens a connection: connects over SSH, or wraps the local machine or a host folder.</summary>
    /// <param name="options">OpenSSH, SSH.NET, Local or Directory settings; the type picks the transport.</param>
    /// <param name="logger">Optional logger (commands at Debug level; file contents and key material never).</param>
    /// <param name="cancellationToken">Cancels connecting (SSH transports; Local and Directory open at once).</param>
    /// <exception cref="ArgumentException">An unknown options type, or invalid settings (see the transport's <c>ConnectAsync</c>).</exception>
    /// <exception cref="Errors.HostUnreachableException">An SSH host cannot be reached in time.</exception>
    /// <exception cref="Errors.HostKeyVerificationException">An SSH host's key is unknown (strict policy), changed or revoked.</exception>
    /// <exception cref="Errors.RemoteAuthenticationException">An SSH host refused the credentials, or the key file cannot be read.</exception>
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
