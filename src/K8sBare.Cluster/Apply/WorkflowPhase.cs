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

    /// <summary>Decides the phase's steps from the hosts' observed state and the steps planned by earlier phases; returns failures (preflight problems).</summary>
    public abstract Task<IReadOnlyList<string>> PlanAsync(ApplyRun run, CancellationToken ct);

    /// <summary>Runs exactly <paramref name="steps"/> (this phase's part of the plan); returns one message per failure.</summary>
    public abstract Task<IReadOnlyList<string>> RunAsync(ApplyRun run, IReadOnlyList<PlannedStep> steps, CancellationToken ct);

    /// <summary>Plans each host of the phase in parallel.</summary>
    protected Task<IReadOnlyList<string>> PlanHostsAsync(ApplyRun run, Func<HostSession, CancellationToken, Task> plan, CancellationToken ct) =>
        run.ForEachHostAsync(null, HostsOf(run), "plan " + Id.Name, async (h, token) =>
        {
            await plan(h, token).ConfigureAwait(false);
            return false;
        }, ct);

    /// <summary>Runs each host's steps of the phase in parallel (every host of the phase reports an event, with or without steps).</summary>
    protected Task<IReadOnlyList<string>> RunHostsAsync(ApplyRun run, IReadOnlyList<PlannedStep> steps, string step,
        Func<HostSession, IReadOnlyList<PlannedStep>, CancellationToken, Task> work, CancellationToken ct)
    {
        var byHost = steps.Where(s => s.Host is not null).GroupBy(s => s.Host!).ToDictionary(g => g.Key, g => (IReadOnlyList<PlannedStep>)g.ToList(), StringComparer.Ordinal);
        return run.ForEachHostAsync(Id, HostsOf(run), step, async (h, token) =>
        {
            if (!byHost.TryGetValue(h.Name, out var mine)) return false;
            var before = run.ChangeCount;
            await work(h, mine, token).ConfigureAwait(false);
            return run.ChangeCount > before;
        }, ct);
    }

    protected static IReadOnlyList<string> None { get; } = [];
}
