namespace K8sBare.Cluster.Operations;

/// <summary>
/// What a node operation will do, decided before anything changes: the steps in order, the spec the cluster has
/// afterwards, and the refusals (an unsafe request is refused with nothing changed, each reason naming its fix).
/// </summary>
public sealed record NodeOperationPlan
{
    /// <summary>The operation.</summary>
    public required NodeOperationKind Kind { get; init; }

    /// <summary>The node added, removed or replaced.</summary>
    public required string Node { get; init; }

    /// <summary>The cluster spec after the operation (save it: the next apply starts from it).</summary>
    public required ClusterSpec Spec { get; init; }

    /// <summary>The steps, in order.</summary>
    public IReadOnlyList<NodeOperationStep> Steps { get; init; } = [];

    /// <summary>Why the operation is refused; empty when it may run.</summary>
    public IReadOnlyList<string> Refusals { get; init; } = [];

    /// <summary>True when nothing refuses the operation.</summary>
    public bool IsSafe => Refusals.Count == 0;

    /// <summary>The hosts the steps touch over SSH (distinct, in step order).</summary>
    public IReadOnlyList<string> Hosts => Steps.Where(s => s.Host is not null).Select(s => s.Host!).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The plan for people: one line per step, then the refusals.</summary>
    public override string ToString() =>
        $"{Kind} {Node}:\n" + string.Join("\n", Steps.Select((s, i) => $"  {i + 1}. {s}"))
        + (IsSafe ? "" : "\nREFUSED (nothing changed):\n" + string.Join("\n", Refusals.Select(r => "  - " + r)));
}
