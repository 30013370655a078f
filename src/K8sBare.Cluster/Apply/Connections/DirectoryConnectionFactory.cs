using K8sBare.Remote;
using K8sBare.Remote.Facts;
using K8sBare.Remote.Transports;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// Targets one folder per node under <paramref name="root"/> (<c>root/&lt;node&gt;/&lt;absolute path&gt;</c>).
/// Applying to it is rendering to a folder: the same phases write the same files, and commands are recorded
/// in <c>root/&lt;node&gt;/.k8sbare/commands.sh</c> instead of run.
/// </summary>
/// <param name="root">The output folder.</param>
public sealed class DirectoryConnectionFactory(string root) : IHostConnectionFactory
{
    /// <summary>The output folder.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <inheritdoc />
    public bool IsOffline => true;

    /// <inheritdoc />
    public Task<IHostConnection> OpenAsync(NodeSpec node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        var init = NodeServices.InitSystemOf(node);
        IHostConnection connection = new DirectoryConnection(new DirectoryHostOptions
        {
            Root = Rendering.PathConfinement.Under(Root, node.Name, $"node '{node.Name}'"),
            Name = node.Name,
            InitSystem = init,
            Facts = new HostFacts { Host = node.Name, InitSystem = init, Architecture = node.Architecture, Hostname = node.Name, IpAddresses = node.Addresses },
        });
        return Task.FromResult(connection);
    }
}
