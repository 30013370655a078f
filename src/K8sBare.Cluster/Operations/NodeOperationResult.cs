using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Kubernetes;

namespace K8sBare.Cluster.Operations;

/// <summary>What a node operation did.</summary>
public sealed record NodeOperationResult
{
    /// <summary>The plan it ran.</summary>
    public required NodeOperationPlan Plan { get; init; }

    /// <summary>Each step as it ended: done, skipped (and why), one line each, in order.</summary>
    public IReadOnlyList<string> Outcomes { get; init; } = [];

    /// <summary>The apply the operation ran on the cluster afterwards (joins, flags, load balancers); null when none was needed.</summary>
    public ApplyResult? Apply { get; init; }

    /// <summary>A removal's drain: the pods evicted (and through which Eviction API version) and skipped; null when no drain ran (not a removal, or the API did not answer, or no Node object).</summary>
    public DrainReport? Drain { get; init; }

    /// <summary>The whole operation's wall time.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>
    /// The etcd part's wall time: from the first membership change until every member was healthy again (for a
    /// replacement: old member removed, new one started, promoted, all healthy); null when etcd was not involved.
    /// </summary>
    public TimeSpan? EtcdDuration { get; init; }
}
