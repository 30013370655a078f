namespace K8sBare.Cluster.Kubernetes;

/// <summary>What a drain did.</summary>
public sealed record DrainReport
{
    /// <summary>The node drained (cordoned).</summary>
    public required string Node { get; init; }

    /// <summary>The Eviction API version the server serves and the drain used (<c>policy/v1</c> from Kubernetes 1.22, <c>policy/v1beta1</c> before).</summary>
    public required string EvictionApiVersion { get; init; }

    /// <summary>The pods evicted and gone, in the order they went.</summary>
    public IReadOnlyList<DrainPod> Evicted { get; init; } = [];

    /// <summary>The pods left on the node on purpose: DaemonSet pods (their controller ignores unschedulable) and mirror pods of static pods.</summary>
    public IReadOnlyList<DrainPod> Skipped { get; init; } = [];

    /// <summary>How long the drain took.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>One line: what was evicted through which version, what was skipped.</summary>
    public override string ToString() =>
        $"{Evicted.Count} pod(s) evicted through {EvictionApiVersion}{(Evicted.Count > 0 ? $" ({string.Join(", ", Evicted.Select(p => $"{p.Namespace}/{p.Name}"))})" : "")}, " +
        $"{Skipped.Count} skipped{(Skipped.Count > 0 ? $" ({string.Join(", ", Skipped.Select(p => $"{p.Namespace}/{p.Name}"))})" : "")}, in {Elapsed.TotalSeconds:0.#} s";
}
