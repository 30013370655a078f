using BenchmarkDotNet.Attributes;
using K8sBare.Cluster;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Planning;
using K8sBare.Cluster.Rendering;

namespace K8sBare.Benchmarks.Cluster;

/// <summary>
/// Day-2 "add one worker" on a 1000-node cluster rendered into folders (Directory transport), planned with
/// the scope <see cref="ClusterScope.AddingNodes"/> gives (the new worker and the control plane): only those
/// hosts are connected to, rendered and read, and only the new worker and the first control-plane node (whose
/// kube-dns Endpoints manifest lists the workers) change. Setup verifies that.
/// </summary>
[Config(typeof(InProcessLongConfig))]
public class PlanAddWorkerBenchmarks
{
    private string _root = null!;
    private ClusterSpec _grown = null!;
    private ClusterPlanner _planner = null!;
    private IReadOnlyList<string> _scope = null!;

    /// <summary>Renders the 1000-node cluster into a temp folder and checks the plan's reach (not measured).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "k8sbare-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var spec = ClusterTopologies.Large(997);
        ClusterFolderRenderer.RenderToFolderAsync(spec, Path.Combine(_root, "out"), Path.Combine(_root, "pki")).GetAwaiter().GetResult();
        _grown = ClusterBuilder.From(spec).AddWorker("worker-new", "10.1.200.1").Build();
        _planner = new ClusterPlanner(new DirectoryConnectionFactory(Path.Combine(_root, "out")));
        _scope = ClusterScope.AddingNodes(_grown, "worker-new");
        var plan = PlanAddWorker();
        var touched = string.Join(",", plan.HostsWithChanges.Order(StringComparer.Ordinal));
        Console.WriteLine($"// plan 'add one worker' on 1000 nodes touches: {touched} ({plan.Hosts.Count} hosts planned: {string.Join(",", plan.Scope)})");
        if (plan.Hosts.Count != 4) throw new InvalidOperationException($"plan read {plan.Hosts.Count} hosts; expected the new worker and the 3 control-plane nodes");
        if (touched != "cp-1,worker-new") throw new InvalidOperationException($"plan touches {touched}; expected cp-1,worker-new");
    }

    /// <summary>Removes the folder.</summary>
    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    /// <summary>Plan the 1001-node spec against the rendered 1000-node folders, scoped to the new worker and the control plane.</summary>
    [Benchmark]
    public ClusterPlan PlanAddWorker() =>
        _planner.PlanAsync(_grown, new ApplyOptions { PkiDirectory = Path.Combine(_root, "pki"), Hosts = _scope }).GetAwaiter().GetResult();

    /// <summary>The same plan unscoped (every one of the 1001 hosts read), for comparison with the scoped plan and earlier figures.</summary>
    [Benchmark]
    public ClusterPlan PlanAddWorkerUnscoped() =>
        _planner.PlanAsync(_grown, Path.Combine(_root, "pki")).GetAwaiter().GetResult();
}
