using K8sBare.Remote;

namespace K8sBare.Cluster.Apply;

/// <summary>Opens the connection to a node. Plan and apply open connections only after validation passed.</summary>
public interface IHostConnectionFactory
{
    /// <summary>True when the targets are folders, not live hosts (render-to-folder, dry runs).</summary>
    bool IsOffline { get; }

    /// <summary>Opens a connection to <paramref name="node"/>.</summary>
    /// <param name="node">The node.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    Task<IHostConnection> OpenAsync(NodeSpec node, CancellationToken cancellationToken = default);
}
