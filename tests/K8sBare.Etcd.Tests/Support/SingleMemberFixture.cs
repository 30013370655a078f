namespace K8sBare.Etcd.Tests.Support;

/// <summary>One etcd member shared by the read/write tests of a class (tests use distinct key prefixes).</summary>
public sealed class SingleMemberFixture : IAsyncLifetime
{
    internal EtcdTestCluster Cluster { get; private set; } = null!;
    internal EtcdClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (K8sBare.Testing.TestEnvironment.FindTool("etcd") is null && !K8sBare.Testing.TestEnvironment.IsCI) return; // tests skip
        Cluster = await EtcdTestCluster.StartAsync(1);
        Client = Cluster.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Cluster is not null) await Cluster.DisposeAsync();
    }
}
