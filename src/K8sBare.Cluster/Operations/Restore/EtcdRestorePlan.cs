namespace K8sBare.Cluster.Operations;

/// <summary>What an etcd restore will do, decided (and checked on the hosts) before anything changes.</summary>
public sealed record EtcdRestorePlan
{
    /// <summary>The cluster.</summary>
    public required string Cluster { get; init; }

    /// <summary>The verified snapshot.</summary>
    public required string Snapshot { get; init; }

    /// <summary>Its SHA-256 (whole file, lowercase hex).</summary>
    public required string Sha256 { get; init; }

    /// <summary>The new cluster token (derived from the snapshot and the member list, so a second run restores the same cluster).</summary>
    public required string ClusterToken { get; init; }

    /// <summary>The new member list, each restored from the same snapshot with its own name and peer URL.</summary>
    public required IReadOnlyList<EtcdRestoreMember> Members { get; init; }

    /// <summary>The ordered steps, for display.</summary>
    public required IReadOnlyList<string> Steps { get; init; }

    /// <inheritdoc />
    public override string ToString() => string.Join(Environment.NewLine, Steps.Select((s, i) => $"{i + 1}. {s}"));
}
