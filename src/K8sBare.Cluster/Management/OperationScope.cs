using K8sBare.Cluster.Apply;

namespace K8sBare.Cluster.Management;

/// <summary>What part of a workflow an operation covers: which phases, on which hosts.</summary>
public sealed record OperationScope
{
    /// <summary>The phases to run (in the workflow's order whatever the order here); null: every phase (like <c>apply --phase</c>).</summary>
    public IReadOnlyList<ApplyPhase>? Phases { get; init; }

    /// <summary>
    /// The nodes in scope (like Ansible's <c>--limit</c>); null: every node. Only they are contacted, so others may be
    /// down. <see cref="ClusterScope.AddingNodes"/> gives the scope for adding nodes.
    /// </summary>
    public IReadOnlyList<string>? Hosts { get; init; }

    /// <summary>Every phase on these hosts.</summary>
    /// <param name="hosts">Node names.</param>
    public static OperationScope Limit(params string[] hosts) => new() { Hosts = hosts };

    /// <summary>These phases on every host.</summary>
    /// <param name="phases">Phases of <see cref="Workflow.Apply"/>.</param>
    public static OperationScope OnlyPhases(params ApplyPhase[] phases) => new() { Phases = phases };
}
