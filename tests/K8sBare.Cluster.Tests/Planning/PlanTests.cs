using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Planning;
using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Planning;

public sealed class PlanTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Plan_against_a_rendered_folder_is_empty_and_adding_a_worker_touches_only_it_and_the_control_plane()
    {
        var outDir = _dir.Combine("out");
        var pki = _dir.Combine("pki");
        await ClusterFolderRenderer.RenderToFolderAsync(SampleSpecs.Twenty(), outDir, pki);
        var snapshot = Directory.EnumerateFiles(outDir, "*", SearchOption.AllDirectories).ToDictionary(p => p, File.GetLastWriteTimeUtc);
        var planner = new ClusterPlanner(new DirectoryConnectionFactory(outDir));

        var same = await planner.PlanAsync(SampleSpecs.Twenty(), pki);
        Assert.True(same.IsEmpty, same.ToTable());
        Assert.All(same.Hosts, h => Assert.Equal(K8sBare.Remote.HostTransport.Directory, h.Transport)); // the plan says how each host was reached

        var grown = ClusterBuilder.From(SampleSpecs.Twenty()).AddWorker("node-3", "10.0.0.13").Build();
        var plan = await planner.PlanAsync(grown, pki);

        Assert.Equal(["master", "node-3"], plan.HostsWithChanges.Order(StringComparer.Ordinal));
        Assert.Equal(plan["node-3"].Files.Count, plan["node-3"].FilesToCreate);
        Assert.Contains(plan["master"].Files, f => f.Path.EndsWith("kube-dns-service.yaml", StringComparison.Ordinal) && f.Change == PlannedChange.Change);
        Assert.Contains("node-3", plan.ToTable(), StringComparison.Ordinal);

        // Planning changed nothing.
        foreach (var (path, time) in snapshot) Assert.Equal(time, File.GetLastWriteTimeUtc(path));
        Assert.False(Directory.Exists(Path.Combine(outDir, "node-3", "etc")));
    }
}
