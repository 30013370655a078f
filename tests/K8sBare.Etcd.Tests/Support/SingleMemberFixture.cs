using System.Collections.Concurrent;

namespace K8sBare.Etcd.Tests.Support;

/// <summary>One etcd member per release, shared by the read/write tests of a class (tests use distinct key prefixes).</summary>
public sealed class SingleMemberFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<(EtcdTestCluster Cluster, EtcdClient Client)>>> _byVersion = new();

    /// <summary>The member of a release (started on first use).</summary>
    internal async Task<(EtcdTestCluster Cluster, EtcdClient Client)> For(string version) =>
        await _byVersion.GetOrAdd(version, v => new(async () =>
        {
            var c = await EtcdTestCluster.StartAsync(1, v);
            return (c, c.CreateClient());
        })).Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var l in _byVersion.Values)
        {
            if (!l.IsValueCreated || !l.Value.IsCompletedSuccessfully) continue;
            var (c, client) = l.Value.Result;
            client.Dispose();
            await c.DisposeAsync();
        }
    }
}
