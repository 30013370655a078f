namespace K8sBare.Etcd;

/// <summary>One endpoint's status (etcdctl endpoint status).</summary>
public sealed record EtcdEndpointStatus
{
    /// <summary>The endpoint asked.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>The ID of the member behind the endpoint.</summary>
    public required EtcdMemberId MemberId { get; init; }

    /// <summary>
    /// The ID of the cluster the member belongs to (the response header's <c>cluster_id</c>, as <c>etcdctl endpoint status -w json</c> prints it).
    /// Members that agree on it are one cluster; two values among a cluster's endpoints mean a split brain.
    /// </summary>
    public ulong ClusterId { get; init; }

    /// <summary>The server version.</summary>
    public required string Version { get; init; }

    /// <summary>The leader's member ID as this member sees it (<see cref="EtcdMemberId.None"/>: no leader).</summary>
    public required EtcdMemberId Leader { get; init; }

    /// <summary>The raft index.</summary>
    public ulong RaftIndex { get; init; }

    /// <summary>The raft term.</summary>
    public ulong RaftTerm { get; init; }

    /// <summary>The applied raft index.</summary>
    public ulong RaftAppliedIndex { get; init; }

    /// <summary>The backend database size in bytes.</summary>
    public long DbSize { get; init; }

    /// <summary>The bytes of the database in use (the rest is freed by defragmentation).</summary>
    public long DbSizeInUse { get; init; }

    /// <summary>True when the member is a learner.</summary>
    public bool IsLearner { get; init; }

    /// <summary>Errors the member reports (for example "etcdserver: no leader").</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>True when this member is the leader.</summary>
    public bool IsLeader => !Leader.IsNone && Leader == MemberId;
}
