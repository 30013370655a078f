using K8sBare.Remote;
using K8sBare.Remote.Transports;
using Microsoft.Extensions.Logging;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// Connects to nodes over SSH with each node's <see cref="SshSettings"/>: the in-process SSH.NET client or the system
/// OpenSSH client, as <see cref="SshSettings.ResolvedTransport"/> says.
/// </summary>
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
        var ssh = node.Ssh;
        var host = ssh.Host ?? node.Address;
        var knownHosts = ssh.KnownHostsFile is { } k ? Validation.NodeRules.ExpandHome(k) : null;
        HostConnectionOptions options = ssh.ResolvedTransport == SshTransport.SshNet
            ? new SshNetOptions
            {
                Host = host,
                Name = node.Name,
                Port = ssh.Port,
                User = ssh.User,
                IdentityFile = Validation.NodeRules.ExpandHome(ssh.IdentityFile ?? throw new InvalidOperationException($"node '{node.Name}' uses SSH.NET without ssh.identityFile; validation refuses this.")),
                KnownHostsFile = knownHosts,
                HostKeyPolicy = hostKeyPolicy,
            }
            : new OpenSshOptions
            {
                Host = host,
                Name = node.Name,
                Port = ssh.Port,
                User = ssh.User,
                IdentityFile = ssh.IdentityFile is { } f ? Validation.NodeRules.ExpandHome(f) : null,
                KnownHostsFile = knownHosts,
                HostKeyPolicy = hostKeyPolicy,
            };
        return await HostConnections.OpenAsync(options, logger, cancellationToken).ConfigureAwait(false);
    }
}
