using BenchmarkDotNet.Attributes;
using K8sBare.Etcd;

namespace K8sBare.Benchmarks.Etcd;

/// <summary>KV round-trip latency through K8sBare.Etcd (etcd's gRPC API via dotnet-etcd, mTLS, one HTTP/2 connection) against a real single-member etcd.</summary>
[MemoryDiagnoser]
public class EtcdKvBenchmarks
{
    private BenchEtcdCluster _cluster = null!;
    private EtcdClient _client = null!;
    private int _n;

    [GlobalSetup]
    public void Setup()
    {
        _cluster = new BenchEtcdCluster(1);
        _cluster.WaitHealthyAsync(TimeSpan.FromSeconds(20)).GetAwaiter().GetResult();
        _client = _cluster.CreateClient();
        for (var i = 0; i < 100; i++) _client.PutAsync($"/bench/list/{i:D3}", "value").GetAwaiter().GetResult();
        _client.PutAsync("/bench/get", "value").GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _cluster.Dispose();
    }

    /// <summary>One put (a raft proposal + fsync on a 1-member cluster).</summary>
    [Benchmark]
    public Task<long> Put() => _client.PutAsync("/bench/put/" + (_n++ % 1000), "value");

    /// <summary>One linearizable get.</summary>
    [Benchmark]
    public Task<EtcdKeyValue?> Get() => _client.GetAsync("/bench/get");

    /// <summary>A prefix read of 100 keys.</summary>
    [Benchmark]
    public Task<IReadOnlyList<EtcdKeyValue>> GetPrefix100() => _client.GetPrefixAsync("/bench/list/");
}
