namespace K8sBare.Etcd;

/// <summary>The gRPC status code of a failed etcd call (<c>google.golang.org/grpc/codes</c>, as etcd's <c>rpctypes</c> use them).</summary>
public enum EtcdStatusCode
{
    /// <summary>Not an error.</summary>
    Ok = 0,
    /// <summary>The operation was cancelled.</summary>
    Cancelled = 1,
    /// <summary>Unknown error.</summary>
    Unknown = 2,
    /// <summary>The request was malformed (for example bad base64).</summary>
    InvalidArgument = 3,
    /// <summary>The deadline passed before the operation completed.</summary>
    DeadlineExceeded = 4,
    /// <summary>Something (a member, a lease) does not exist.</summary>
    NotFound = 5,
    /// <summary>Something (a peer URL) already exists.</summary>
    AlreadyExists = 6,
    /// <summary>The caller may not do this.</summary>
    PermissionDenied = 7,
    /// <summary>A quota (space) is exhausted.</summary>
    ResourceExhausted = 8,
    /// <summary>The cluster is not in a state that allows this (for example a learner not yet in sync).</summary>
    FailedPrecondition = 9,
    /// <summary>The operation was aborted.</summary>
    Aborted = 10,
    /// <summary>A value was out of range (for example a compacted revision).</summary>
    OutOfRange = 11,
    /// <summary>Not implemented by this server.</summary>
    Unimplemented = 12,
    /// <summary>An internal server error.</summary>
    Internal = 13,
    /// <summary>The service (or every endpoint) is unavailable.</summary>
    Unavailable = 14,
    /// <summary>Unrecoverable data loss.</summary>
    DataLoss = 15,
    /// <summary>Authentication is required.</summary>
    Unauthenticated = 16,
}
