using K8sBare.Cluster.Apply;
using K8sBare.Remote;
using K8sBare.Remote.Transports;

namespace K8sBare.Cluster.Tests.Support;

/// <summary>Counts every connection opened (and hands out folder connections when asked to).</summary>
internal sealed class RecordingConnectionFactory(string root, bool offline = false) : IHostConnectionFactory
{
    private int _opened;

    public int Opened => _opened;

    public bool IsOffline => offline;

    public Task<IHostConnection> OpenAsync(NodeSpec node, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _opened);
        IHostConnection c = new DirectoryConnection(new DirectoryHostOptions { Root = Path.Combine(root, node.Name), Name = node.Name });
        return Task.FromResult(c);
    }
}
