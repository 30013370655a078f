namespace K8sBare.Cluster.Operations;

/// <summary>A node operation refused before anything changed; <see cref="Plan"/> holds the reasons (<see cref="NodeOperationPlan.Refusals"/>).</summary>
public sealed class UnsafeNodeOperationException : InvalidOperationException
{
    /// <summary>Creates the exception for a refused plan.</summary>
    /// <param name="plan">The refused plan.</param>
    public UnsafeNodeOperationException(NodeOperationPlan plan)
        : base($"Refused to {plan.Kind.ToString().ToLowerInvariant()} node '{plan.Node}'; nothing was changed:\n" + string.Join("\n", plan.Refusals.Select(r => "  - " + r))) =>
        Plan = plan;

    /// <summary>The refused plan.</summary>
    public NodeOperationPlan Plan { get; }
}
