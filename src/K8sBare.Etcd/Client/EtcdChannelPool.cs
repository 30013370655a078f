using System.Collections.Concurrent;

namespace K8sBare.Etcd;

/// <summary>The channels of one client and of every <see cref="IEtcdClient.WithEndpoints"/> view of it, created on first use.</summary>
internal sealed class EtcdChannelPool : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<EtcdChannel>> _channels = new(StringComparer.OrdinalIgnoreCase);
    private bool _disposed;

    public EtcdChannelPool(EtcdClientOptions options) => Options = options;

    public EtcdClientOptions Options { get; }

    public EtcdChannel Get(Uri endpoint)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var key = EtcdUrls.Render(endpoint);
        return _channels.GetOrAdd(key, _ => new Lazy<EtcdChannel>(() => new EtcdChannel(new Uri(key), Options))).Value;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var c in _channels.Values)
            if (c.IsValueCreated) c.Value.Dispose();
        _channels.Clear();
    }
}
