namespace K8sBare.Cluster.Operations;

/// <summary>The outcome of an etcd backup.</summary>
public sealed record EtcdBackupResult
{
    /// <summary>The plan that ran.</summary>
    public required EtcdBackupPlan Plan { get; init; }

    /// <summary>The snapshot written and verified (its SHA-256 file beside it).</summary>
    public required EtcdSnapshotEntry Snapshot { get; init; }

    /// <summary>The etcd member it came from.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>Snapshots deleted by retention.</summary>
    public required IReadOnlyList<EtcdSnapshotEntry> Deleted { get; init; }

    /// <summary>The snapshots of this cluster in the folder afterwards, newest first.</summary>
    public required IReadOnlyList<EtcdSnapshotEntry> Kept { get; init; }

    /// <summary>Wall time of the whole backup.</summary>
    public required TimeSpan Duration { get; init; }
}
