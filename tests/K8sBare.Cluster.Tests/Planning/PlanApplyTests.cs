using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Planning;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Planning;

/// <summary>Plan → apply on folder targets (the Directory transport): the plan is data and the apply runs it as reviewed.</summary>
public sealed class PlanApplyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private ApplyOptions Options => new() { PkiDirectory = _dir.Combine("pki") };

    public static TheoryData<string> Topologies => new() { "twenty", "ha" };

    private static ClusterSpec Spec(string name) => name == "ha" ? SampleSpecs.Ha() : SampleSpecs.Twenty();

    [Theory]
    [MemberData(nameof(Topologies))]
    public async Task Applying_a_plan_runs_exactly_its_steps_and_planning_again_finds_nothing(string topology)
    {
        var spec = Spec(topology);
        var factory = new DirectoryConnectionFactory(_dir.Combine("out"));
        var plan = await new ClusterPlanner(factory).PlanAsync(spec, Options);
        Assert.False(plan.IsEmpty);
        Assert.All(spec.Nodes, n => Assert.Contains(plan.Steps, s => s.Host == n.Name && s.Kind == ChangeKind.FileCreated));

        var result = await new ClusterApplier(factory).ApplyAsync(plan, Options);

        // One decision per step: every change the apply made is a planned step, and every planned change was made,
        // in the planned order on each host (hosts run in parallel, so the order across hosts is free).
        var planned = InRunOrder(plan.Steps.Where(s => s.IsChange).Select(s => (s.Phase, s.Host, s.Kind, s.Target)));
        var applied = InRunOrder(result.Changes.Select(c => (c.Phase, c.Host, c.Kind, c.Target)));
        Assert.Equal(planned, applied);
        // Services that cannot start were planned as such (folders get no binaries), and reported the same.
        Assert.Equal(
            plan.Steps.Where(s => s.Kind == ChangeKind.ServiceNotStarted).Select(s => $"{s.Host}/{s.Target}: not started: {s.Reason}").Order(StringComparer.Ordinal),
            result.NotStarted.Select(n => n.ToString()).Order(StringComparer.Ordinal));
        Assert.NotEmpty(result.NotStarted);

        var again = await new ClusterPlanner(factory).PlanAsync(spec, Options);
        Assert.True(again.IsEmpty, again.ToTable());
        var second = await new ClusterApplier(factory).ApplyAsync(again, Options);
        Assert.Empty(second.Changes);
    }

    private static List<(ApplyPhase Phase, string? Host, ChangeKind Kind, string Target)> InRunOrder(IEnumerable<(ApplyPhase Phase, string? Host, ChangeKind Kind, string Target)> steps) =>
        steps.OrderBy(s => Workflow.Apply.Phases.ToList().IndexOf(s.Phase)).ThenBy(s => s.Host, StringComparer.Ordinal).ToList();

    [Fact]
    public async Task A_plan_is_refused_when_a_host_changed_since_it_was_made_and_nothing_is_touched()
    {
        var outDir = _dir.Combine("out");
        var factory = new DirectoryConnectionFactory(outDir);
        await new ClusterApplier(factory).ApplyAsync(SampleSpecs.Twenty(), Options);
        var unit = Path.Combine(outDir, "master", "etc", "systemd", "system", "etcd.service");
        await File.AppendAllTextAsync(unit, "# drift before the plan\n");
        var plan = await new ClusterPlanner(factory).PlanAsync(SampleSpecs.Twenty(), Options);
        Assert.Contains(plan.Steps, s => s.Host == "master" && s.Kind == ChangeKind.FileUpdated && s.Target == "/etc/systemd/system/etcd.service");

        // Someone edits another file on the host after the plan was reviewed.
        var kubelet = Path.Combine(outDir, "node-1", "var", "lib", "kubelet", "config.yaml");
        Assert.True(File.Exists(kubelet));
        await File.AppendAllTextAsync(kubelet, "# drift after the plan\n");
        var snapshot = Directory.EnumerateFiles(outDir, "*", SearchOption.AllDirectories).ToDictionary(p => p, File.ReadAllBytes);

        var ex = await Assert.ThrowsAsync<StalePlanException>(() => new ClusterApplier(factory).ApplyAsync(plan, Options));
        Assert.Contains(ex.Differences, d => d.StartsWith("node-1: path /var/lib/kubelet/config.yaml was sha256:", StringComparison.Ordinal));
        Assert.Contains("/var/lib/kubelet/config.yaml", ex.Message, StringComparison.Ordinal);

        // Nothing was touched: the drift planned for is still there, every file is as it was.
        var after = Directory.EnumerateFiles(outDir, "*", SearchOption.AllDirectories).ToDictionary(p => p, File.ReadAllBytes);
        Assert.Equal(snapshot.Keys.Order(), after.Keys.Order());
        foreach (var (path, bytes) in snapshot) Assert.True(bytes.SequenceEqual(after[path]), $"{path} was touched");

        // A fresh plan applies.
        var fresh = await new ClusterPlanner(factory).PlanAsync(SampleSpecs.Twenty(), Options);
        var result = await new ClusterApplier(factory).ApplyAsync(fresh, Options);
        Assert.Contains(result.Changes, c => c.Host == "node-1" && c.Target == "/var/lib/kubelet/config.yaml");
        Assert.DoesNotContain("drift", await File.ReadAllTextAsync(unit), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plan_is_refused_when_it_would_write_other_content_than_reviewed()
    {
        var outDir = _dir.Combine("out");
        var factory = new DirectoryConnectionFactory(outDir);
        var plan = await new ClusterPlanner(factory).PlanAsync(SampleSpecs.Twenty(), Options);

        // Applied with another PKI store, the same steps would write other certificates than the reviewed ones.
        var other = new ApplyOptions { PkiDirectory = _dir.Combine("other-pki") };
        var ex = await Assert.ThrowsAsync<StalePlanException>(() => new ClusterApplier(factory).ApplyAsync(plan, other));
        Assert.Contains(ex.Differences, d => d.StartsWith("master: /var/lib/kubernetes/ca.pem would now be written as", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(outDir, "master", "var")), "nothing may be written when a plan is refused");
    }
}
