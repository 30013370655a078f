namespace K8sBare.Cluster.Operations;

/// <summary>Where etcd snapshots go and how many are kept.</summary>
public sealed record EtcdBackupOptions
{
    /// <summary>The local folder holding the snapshots (created with mode 0700 when missing).</summary>
    public required string Folder { get; init; }

    /// <summary>
    /// How many snapshots of this cluster to keep, the new one included: the oldest beyond this count are deleted
    /// (with their <c>.sha256</c> files) after the new snapshot is verified. At least 1. Default 7.
    /// </summary>
    public int Retain { get; init; } = 7;

    /// <summary>How long one snapshot may take before it is abandoned (the partial file is removed). Default 10 minutes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);
}
