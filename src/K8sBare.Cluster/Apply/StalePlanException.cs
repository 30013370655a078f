namespace K8sBare.Cluster.Apply;

/// <summary>
/// A reviewed plan was not applied because a host (or etcd) changed since it was made, or the plan made now
/// has different steps. Nothing was changed on any host. Plan again, review, and apply the new plan.
/// </summary>
public sealed class StalePlanException : ClusterException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="differences">What changed since the plan was made, one line each.</param>
    public StalePlanException(IReadOnlyList<string> differences)
        : base("The plan is stale; nothing was changed. Since it was made:\n" + string.Join("\n", (differences ?? []).Select(d => "  " + d))
               + "\nFix: plan again, review the new plan and apply it.")
    {
        Differences = differences ?? [];
    }

    /// <summary>What changed since the plan was made.</summary>
    public IReadOnlyList<string> Differences { get; }
}
