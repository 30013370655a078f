namespace K8sBare.Cluster.Operations;

/// <summary>One snapshot in a backup folder: the snapshot file and its checksum file beside it.</summary>
public sealed record EtcdSnapshotEntry
{
    /// <summary>The snapshot file (<c>etcd-CLUSTER-yyyyMMddTHHmmssfffZ.db</c>).</summary>
    public required string Path { get; init; }

    /// <summary>The checksum file beside it (<c>….db.sha256</c>, <c>sha256sum</c> format).</summary>
    public string ChecksumPath => Path + EtcdSnapshotFolder.ChecksumSuffix;

    /// <summary>The cluster the snapshot belongs to (from its name).</summary>
    public required string Cluster { get; init; }

    /// <summary>When it was taken (UTC, from its name).</summary>
    public required DateTimeOffset TakenAt { get; init; }

    /// <summary>Its size in bytes (0 when the file is not there yet, e.g. in a plan).</summary>
    public long Size { get; init; }

    /// <summary>The SHA-256 of the whole file (lowercase hex) when known.</summary>
    public string? Sha256 { get; init; }
}
