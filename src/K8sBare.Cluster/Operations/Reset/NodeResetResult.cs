namespace K8sBare.Cluster.Operations;

/// <summary>The outcome of a node reset, as checked on the host afterwards.</summary>
public sealed record NodeResetResult
{
    /// <summary>The plan that ran.</summary>
    public required NodeResetPlan Plan { get; init; }

    /// <summary>Paths of the plan still present afterwards (empty on success; a parent directory kept because it holds files K8sBare did not place is not listed).</summary>
    public required IReadOnlyList<string> Remaining { get; init; }

    /// <summary>Services of the plan still running afterwards (empty on success).</summary>
    public required IReadOnlyList<string> StillRunning { get; init; }

    /// <summary>True when nothing remains and nothing runs.</summary>
    public bool Clean => Remaining.Count == 0 && StillRunning.Count == 0;

    /// <summary>Wall time.</summary>
    public required TimeSpan Duration { get; init; }
}
