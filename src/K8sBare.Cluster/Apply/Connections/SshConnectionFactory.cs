using K8sBare.Remote;
using K8sBare.Remote.Transports;
using Microsoft.Extensions.Logging;

namespace K8sBare.Cluster.Apply;

/// <summary>Connects to nodes with the system OpenSSH client, using each node's <see cref="SshSettings"/>.</summary>
/// <param name="hostKeyPolicy">Strict (default: keys must be known) or trust-on-first-use.</param>
/// <param name="logger">Optional logger.</param>
public sealed class SshConnectionFactory(HostKeyPolicy hostKeyPolicy = HostKeyPolicy.Strict, ILogger? logger = null) : IHostConnectionFactory
{
    /// <inheritdoc />
    public bool IsOffline => false;

    /// <inheritdoc />
    public async Task<IHostConnection> OpenAsync(NodeSpec node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        var options = new OpenSshOptions
        {
            Host = node.Ssh.Host ?? node.Address,
            Name = node.Name,
            Port = node.Ssh.Port,
            User = node.Ssh.User,
            IdentityFile = node.Ssh.IdentityFile is { } f ? Validation.NodeRules.ExpandHome(f) : null,
            KnownHostsFile = node.Ssh.KnownHostsFile is { } k ? Validation.NodeRules.ExpandHome(k) : null,
            HostKeyPolicy = hostKeyPolicy,
        };
        return await HostConnections.OpenAsync(options, logger, cancellationToken).ConfigureAwait(false);
    }
}
