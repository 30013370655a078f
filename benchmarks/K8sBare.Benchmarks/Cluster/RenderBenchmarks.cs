using BenchmarkDotNet.Attributes;
using K8sBare.Cluster;
using K8sBare.Cluster.Artifacts;
using K8sBare.Cluster.Rendering;
using K8sBare.Pki.Generation;

namespace K8sBare.Benchmarks.Cluster;

/// <summary>Pure rendering (spec + generated PKI → every file of every host).</summary>
[MemoryDiagnoser]
[Config(typeof(InProcessLongConfig))]
public class RenderBenchmarks
{
    private ClusterSpec _twenty = null!;
    private ClusterSpec _large = null!;
    private GeneratedPki _twentyPki = null!;
    private GeneratedPki _largePki = null!;

    /// <summary>Generates both PKIs in memory (not measured).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _twenty = ClusterTopologies.Twenty();
        _large = ClusterTopologies.Large(997);
        _twentyPki = ClusterPkiGenerator.Generate(ClusterPkiMapping.ToCatalog(_twenty));
        _largePki = ClusterPkiGenerator.Generate(ClusterPkiMapping.ToCatalog(_large));
    }

    /// <summary>Disposes the PKIs.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _twentyPki.Dispose();
        _largePki.Dispose();
    }

    /// <summary>The $20 cluster: 3 hosts, 78 files.</summary>
    [Benchmark]
    public ClusterArtifacts RenderTwentyDollarCluster() => ClusterRenderer.Render(_twenty, _twentyPki);

    /// <summary>1000 nodes: 3 control-plane + 997 workers.</summary>
    [Benchmark]
    public ClusterArtifacts Render1000Nodes() => ClusterRenderer.Render(_large, _largePki);
}
