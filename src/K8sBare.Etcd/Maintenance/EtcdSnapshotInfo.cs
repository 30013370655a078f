namespace K8sBare.Etcd;

/// <summary>A snapshot saved to a file and checked (size and trailing SHA-256, as etcdctl checks it).</summary>
public sealed record EtcdSnapshotInfo
{
    /// <summary>The file written.</summary>
    public required string Path { get; init; }

    /// <summary>File size in bytes (database plus the 32-byte SHA-256 trailer).</summary>
    public required long Size { get; init; }

    /// <summary>The endpoint that streamed it.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>The SHA-256 trailer, lowercase hex.</summary>
    public required string Sha256 { get; init; }
}
