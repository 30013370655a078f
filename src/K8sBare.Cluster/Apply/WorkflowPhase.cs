namespace K8sBare.Cluster.Apply;

/// <summary>
/// One phase of a workflow as an object: its name, the hosts it concerns and how it runs. The workflow
/// runner knows nothing about particular phases.
/// </summary>
internal abstract class WorkflowPhase
{
    /// <summary>The phase's name.</summary>
    public abstract ApplyPhase Id { get; }

    /// <summary>The hosts the phase concerns (default: every host of the run).</summary>
    public virtual IReadOnlyList<HostSession> HostsOf(ApplyRun run) => run.Hosts;

    /// <summary>Runs the phase; returns one message per failure (empty: success).</summary>
    public abstract Task<IReadOnlyList<string>> RunAsync(ApplyRun run, CancellationToken ct);
}
