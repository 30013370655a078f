using K8sBare.Cluster.Planning;

namespace K8sBare.Cluster.Apply;

/// <summary>
/// One phase of a workflow as an object: its name, the hosts it concerns, how it plans its steps from what
/// was read on the hosts (changing nothing) and how it runs exactly those steps. The workflow runner knows
/// nothing about particular phases.
/// </summary>
internal abstract class WorkflowPhase
{
    /// <summary>The phase's name.</summary>
    public abstract ApplyPhase Id { get; }

    /// <summary>The hosts the phase concerns (default: every host of the run).</summary>
    public virtual IReadOnlyList<HostSession> HostsOf(ApplyRun run) => run.Hosts;

    /// <summary>Decides the phase's steps from the hosts' observed state and the steps planned by earlier phases; returns failures (preflight problems) as data.</summary>
    public abstract Task<IReadOnlyList<ApplyFailure>> PlanAsync(ApplyRun run, CancellationToken ct);

    /// <summary>Runs exactly <paramref name="steps"/> (this phase's part of the plan); returns the failures as data (phase, host, step, cause).</summary>
    public abstract Task<IReadOnlyList<ApplyFailure>> RunAsync(ApplyRun run, IReadOnlyList<PlannedStep> steps, CancellationToken ct);

    /// <summary>Plans each host of the phase in parallel.</summary>
    protected Task<IReadOnlyList<ApplyFailure>> PlanHostsAsync(ApplyRun run, Func<HostSession, CancellationToken, Task> plan, CancellationToken ct) =>
        run.ForEachHostAsync(Id, HostsOf(run), "plan", async (h, token) =>
        {
            await plan(h, token).ConfigureAwait(false);
            return false;
        }, ct, report: false);

    /// <summary>Runs each host's steps of the phase in parallel (every host of the phase, or of <paramref name="hosts"/>, reports an event, with or without steps).</summary>
    protected Task<IReadOnlyList<ApplyFailure>> RunHostsAsync(ApplyRun run, IReadOnlyList<PlannedStep> steps, string step,
        Func<HostSession, IReadOnlyList<PlannedStep>, CancellationToken, Task> work, CancellationToken ct, IReadOnlyList<HostSession>? hosts = null)
    {
        var byHost = steps.Where(s => s.Host is not null).GroupBy(s => s.Host!).ToDictionary(g => g.Key, g => (IReadOnlyList<PlannedStep>)g.ToList(), StringComparer.Ordinal);
        return run.ForEachHostAsync(Id, hosts ?? HostsOf(run), step, async (h, token) =>
        {
            if (!byHost.TryGetValue(h.Name, out var mine)) return false;
            var before = run.ChangeCount;
            await work(h, mine, token).ConfigureAwait(false);
            return run.ChangeCount > before;
        }, ct);
    }

    protected static IReadOnlyList<ApplyFailure> None { get; } = [];
}
