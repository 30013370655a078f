namespace K8sBare.Cluster.Operations;

/// <summary>What an etcd backup will do, decided before anything is written: the new snapshot and what retention deletes.</summary>
public sealed record EtcdBackupPlan
{
    /// <summary>The cluster.</summary>
    public required string Cluster { get; init; }

    /// <summary>The folder (absolute).</summary>
    public required string Folder { get; init; }

    /// <summary>The etcd client URLs the snapshot is taken from (the first that answers).</summary>
    public required IReadOnlyList<Uri> Endpoints { get; init; }

    /// <summary>The snapshot to be written (size and checksum unknown yet).</summary>
    public required EtcdSnapshotEntry Snapshot { get; init; }

    /// <summary>The retention count.</summary>
    public required int Retain { get; init; }

    /// <summary>The existing snapshots that are deleted once the new one is verified (oldest beyond <see cref="Retain"/>).</summary>
    public required IReadOnlyList<EtcdSnapshotEntry> ToDelete { get; init; }

    /// <summary>One line per step, for display.</summary>
    public override string ToString() =>
        $"snapshot etcd of '{Cluster}' from {string.Join(", ", Endpoints)} into {Snapshot.Path} (+ .sha256, mode 0600); keep {Retain}" +
        (ToDelete.Count == 0 ? "; delete nothing" : "; then delete " + string.Join(", ", ToDelete.Select(e => System.IO.Path.GetFileName(e.Path))));
}
