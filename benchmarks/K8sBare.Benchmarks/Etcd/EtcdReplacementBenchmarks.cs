using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using K8sBare.Etcd;

namespace K8sBare.Benchmarks.Etcd;

/// <summary>
/// Wall time of the whole dead-member replacement on a real 3-member cluster: remove the killed member, add the
/// learner, start it on a wiped data dir, promote once in sync, wait until 3/3 healthy. Each iteration gets a
/// fresh cluster (IterationSetup) so the numbers do not depend on history.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 5)]
public class EtcdReplacementBenchmarks
{
    private BenchEtcdCluster _cluster = null!;
    private EtcdClient _client = null!;

    [IterationSetup]
    public void Setup()
    {
        _cluster = new BenchEtcdCluster(3);
        _cluster.WaitHealthyAsync(TimeSpan.FromSeconds(20)).GetAwaiter().GetResult();
        _client = _cluster.CreateClient();
        for (var i = 0; i < 100; i++) _client.PutAsync($"/data/{i}", "v").GetAwaiter().GetResult();
        _cluster.Kill("m1");
    }

    [IterationCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _cluster.Dispose();
    }

    [Benchmark]
    public async Task ReplaceDeadMember()
    {
        var membership = new EtcdMembership(_client);
        var plan = await membership.BeginReplacementAsync(new EtcdReplacementRequest
        {
            DeadMember = "m1", NewName = "m1", NewPeerUrls = [_cluster.PeerUrl("m1")],
        });
        Directory.Delete(_cluster.DataDir("m1"), recursive: true);
        _cluster.Start("m1", plan.Join.InitialCluster, "existing", plan.Join.Flags);
        var health = await membership.CompleteReplacementAsync(plan);
        if (health.Count != 3 || health.Any(h => !h.Healthy)) throw new InvalidOperationException("replacement did not end 3/3 healthy");
    }
}
