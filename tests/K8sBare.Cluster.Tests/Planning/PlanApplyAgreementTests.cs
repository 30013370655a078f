using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Planning;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Testing;
using Xunit.Sdk;

namespace K8sBare.Cluster.Tests.Planning;

/// <summary>
/// Planning and applying share one decision per step: on the $20 and HA topologies, against Directory-transport
/// hosts — fresh, after a spec change, and after an interrupted apply that left restart markers — every change the
/// apply made names the planned step it carried out (same phase, host, kind, target and reason), and every planned
/// change was carried out exactly once.
/// </summary>
public sealed class PlanApplyAgreementTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private ApplyOptions Options => new() { PkiDirectory = _dir.Combine("pki") };

    private DirectoryConnectionFactory Hosts => new(_dir.Combine("out"));

    public static TheoryData<string, string> Cases => new()
    {
        { "twenty", "fresh" }, { "twenty", "changed" }, { "twenty", "interrupted" },
        { "ha", "fresh" }, { "ha", "changed" }, { "ha", "interrupted" },
    };

    private static ClusterSpec Spec(string name) => name == "ha" ? SampleSpecs.Ha() : SampleSpecs.Twenty();

    /// <summary>The same cluster with one setting changed (CoreDNS query logging: the Corefile of every DNS host changes).</summary>
    private static ClusterSpec Changed(ClusterSpec spec) => spec with { Dns = spec.Dns with { Log = !spec.Dns.Log } };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Apply_carries_out_exactly_the_planned_steps(string topology, string state)
    {
        var spec = await PrepareAsync(Spec(topology), state);

        var plan = await new ClusterPlanner(Hosts).PlanAsync(spec, Options);
        Assert.False(plan.IsEmpty, plan.ToTable());
        if (state == "interrupted") // the plan read the markers the cut apply left
            Assert.Contains(plan.Observations, o => o.Target.StartsWith("path " + HostSession.RestartMarkerDir + "/", StringComparison.Ordinal) && !o.State.StartsWith("missing", StringComparison.Ordinal));
        var result = await new ClusterApplier(Hosts).ApplyAsync(plan, Options);

        AssertAgree(plan, result);
        if (state == "interrupted")
            Assert.Empty(Markers()); // the pending restarts were settled by the planned steps (services that cannot start here)
        var again = await new ClusterPlanner(Hosts).PlanAsync(spec, Options);
        Assert.True(again.IsEmpty, again.ToTable());
    }

    [Fact]
    public async Task The_agreement_check_catches_a_disagreement()
    {
        var spec = SampleSpecs.Twenty();
        var plan = await new ClusterPlanner(Hosts).PlanAsync(spec, Options);
        var result = await new ClusterApplier(Hosts).ApplyAsync(plan, Options);
        AssertAgree(plan, result);

        var changes = result.Changes.ToList();
        var i = changes.FindIndex(c => c.Step is not null);
        var c = changes[i];
        ApplyResult With(AppliedChange replaced) => result with { Changes = [.. changes.Take(i), replaced, .. changes.Skip(i + 1)] };

        // Another reason, another host, another target, a change not planned, a planned change not made, one made twice.
        Assert.ThrowsAny<XunitException>(() => AssertAgree(plan, With(c with { Step = c.Step! with { Reason = "decided again by the applier" } })));
        var otherHost = spec.Nodes.First(n => n.Name != c.Host).Name;
        Assert.ThrowsAny<XunitException>(() => AssertAgree(plan, With(c with { Host = otherHost, Step = c.Step! with { Host = otherHost } })));
        Assert.ThrowsAny<XunitException>(() => AssertAgree(plan, With(c with { Target = c.Target + ".other" })));
        Assert.ThrowsAny<XunitException>(() => AssertAgree(plan, With(c with { Step = null })));
        Assert.ThrowsAny<XunitException>(() => AssertAgree(plan, result with { Changes = [.. changes.Take(i), .. changes.Skip(i + 1)] }));
        Assert.ThrowsAny<XunitException>(() => AssertAgree(plan, result with { Changes = [.. changes, c] }));
    }

    /// <summary>
    /// The planned changes and the steps the apply says it carried out are the same multiset, compared on phase,
    /// host, kind, target and reason; each change's own phase, host and kind are its step's; services that cannot
    /// start were planned as such and reported the same.
    /// </summary>
    private static void AssertAgree(ClusterPlan plan, ApplyResult result)
    {
        foreach (var c in result.Changes)
        {
            Assert.True(c.Step is not null, $"the apply made a change no planned step decided: {c}");
            Assert.Equal((c.Step.Phase, c.Step.Host, c.Step.Kind, c.Step.Target), (c.Phase, c.Host, c.Kind, c.Target));
        }

        static string Key(PlannedStep s) => $"[{s.Phase.Name}] {s.Host ?? "cluster"} {s.Kind} {s.Target} — {s.Reason}";
        Assert.Equal(
            plan.Steps.Where(s => s.IsChange).Select(Key).Order(StringComparer.Ordinal),
            result.Changes.Select(c => Key(c.Step!)).Order(StringComparer.Ordinal));
        Assert.Equal(
            plan.Steps.Where(s => s.Kind == ChangeKind.ServiceNotStarted).Select(s => $"{s.Host}/{s.Target}: not started: {s.Reason}").Order(StringComparer.Ordinal),
            result.NotStarted.Select(n => n.ToString()).Order(StringComparer.Ordinal));
    }

    /// <summary>Brings the hosts into <paramref name="state"/> and returns the spec to plan.</summary>
    private async Task<ClusterSpec> PrepareAsync(ClusterSpec spec, string state)
    {
        if (state == "fresh") return spec;
        await new ClusterApplier(Hosts).ApplyAsync(spec, Options);
        var changed = Changed(spec);
        if (state == "changed") return changed;

        // Interrupted: an apply of the change is cut once the first host's files are written (the other hosts
        // are not: one host at a time); an apply over SSH leaves a restart marker for each service whose files it wrote.
        var plan = await new ClusterPlanner(Hosts).PlanAsync(changed, Options);
        using var cut = new CancellationTokenSource();
        var options = Options with { Progress = new CutAfterFirst(ApplyPhase.Files, cut), MaxParallelHosts = 1 };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ClusterApplier(Hosts).ApplyAsync(plan, options, cut.Token));
        var written = plan.Steps.Where(s => s.Phase == ApplyPhase.Files && s.IsChange).ToList();
        Assert.NotEmpty(written);
        foreach (var host in plan.Hosts)
            foreach (var service in plan.Artifacts[host.Host].Services.Where(s => s.Files.Any(f => written.Any(w => w.Host == host.Host && w.Target == f))))
            {
                var marker = Path.Combine(_dir.Combine("out"), host.Host, HostSession.MarkerPath(service.Name).TrimStart('/'));
                Directory.CreateDirectory(Path.GetDirectoryName(marker)!);
                await File.WriteAllBytesAsync(marker, []);
            }

        Assert.NotEmpty(Markers());
        return changed;
    }

    private IReadOnlyList<string> Markers()
    {
        var root = _dir.Combine("out");
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(p => p.Replace('\\', '/').Contains(HostSession.RestartMarkerDir + "/", StringComparison.Ordinal)).ToList();
    }

    /// <summary>Cancels the apply when the first host reports a change in <paramref name="phase"/> (reported synchronously).</summary>
    private sealed class CutAfterFirst(ApplyPhase phase, CancellationTokenSource cut) : IProgress<ApplyEvent>
    {
        public void Report(ApplyEvent value)
        {
            if (value.Phase == phase && value.State == ApplyEventState.Changed) cut.Cancel();
        }
    }
}
