namespace K8sBare.Etcd;

/// <summary>
/// A typed etcd v3 client (etcd's gRPC API through dotnet-etcd). Requests go to <see cref="Endpoints"/> in order
/// and fail over to the next when one was not reached, and reads also when one was unavailable; a write that may
/// have reached etcd is never sent twice. etcd's errors surface as <see cref="EtcdException"/> with etcd's code.
/// </summary>
public interface IEtcdClient : IDisposable
{
    /// <summary>The client URLs this client talks to, in fail-over order.</summary>
    IReadOnlyList<Uri> Endpoints { get; }

    /// <summary>A client for other endpoints sharing this one's credentials and connections (dispose the original last).</summary>
    IEtcdClient WithEndpoints(IReadOnlyList<Uri> endpoints);

    /// <summary>The server version of the first endpoint that answers (its maintenance status).</summary>
    Task<EtcdVersionInfo> GetVersionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// etcdctl's <c>endpoint health</c> for one endpoint: true when a linearizable read goes through consensus there
    /// (permission denied counts: the read was ordered) and no NOSPACE alarm is raised.
    /// </summary>
    Task<bool> IsHealthyAsync(Uri endpoint, CancellationToken cancellationToken = default);

    /// <summary>Reads one key; null when it does not exist.</summary>
    Task<EtcdKeyValue?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Reads every key that starts with <paramref name="prefix"/>, in key order.</summary>
    Task<IReadOnlyList<EtcdKeyValue>> GetPrefixAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Writes a UTF-8 value; returns the store revision of the write.</summary>
    Task<long> PutAsync(string key, string value, long leaseId = 0, CancellationToken cancellationToken = default);

    /// <summary>Writes raw bytes; returns the store revision of the write.</summary>
    Task<long> PutAsync(string key, ReadOnlyMemory<byte> value, long leaseId = 0, CancellationToken cancellationToken = default);

    /// <summary>Deletes one key; returns how many keys were deleted (0 or 1).</summary>
    Task<long> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes every key under a prefix; returns how many were deleted.</summary>
    Task<long> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Writes <paramref name="newValue"/> only when <paramref name="condition"/> holds, atomically.</summary>
    Task<EtcdTransactionResult> CompareAndSwapAsync(string key, EtcdCondition condition, string newValue, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams changes under a prefix from <paramref name="startRevision"/> (0: from now) until cancelled; reopens on
    /// the next endpoint after the last revision delivered when the serving member goes away.
    /// </summary>
    IAsyncEnumerable<EtcdWatchEvent> WatchPrefixAsync(string prefix, long startRevision = 0, CancellationToken cancellationToken = default);

    /// <summary>Grants a lease with a time to live (whole seconds).</summary>
    Task<EtcdLease> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Renews a lease once; returns its new TTL.</summary>
    Task<EtcdLease> KeepAliveLeaseAsync(long leaseId, CancellationToken cancellationToken = default);

    /// <summary>A lease's remaining TTL and attached keys.</summary>
    Task<EtcdLease> GetLeaseAsync(long leaseId, CancellationToken cancellationToken = default);

    /// <summary>Revokes a lease, deleting its keys.</summary>
    Task RevokeLeaseAsync(long leaseId, CancellationToken cancellationToken = default);

    /// <summary>The cluster's members (etcdctl member list).</summary>
    Task<IReadOnlyList<EtcdMember>> ListMembersAsync(CancellationToken cancellationToken = default);

    /// <summary>Raw member add (no safety checks; prefer <see cref="EtcdMembership"/>). Returns the new member and the full list.</summary>
    Task<(EtcdMember Added, IReadOnlyList<EtcdMember> Members)> AddMemberAsync(IReadOnlyList<Uri> peerUrls, bool isLearner, CancellationToken cancellationToken = default);

    /// <summary>Raw member remove by ID (no safety checks; prefer <see cref="EtcdMembership"/>).</summary>
    Task<IReadOnlyList<EtcdMember>> RemoveMemberAsync(EtcdMemberId memberId, CancellationToken cancellationToken = default);

    /// <summary>Raw learner promotion (no retry; prefer <see cref="EtcdMembership.PromoteAsync"/>).</summary>
    Task<IReadOnlyList<EtcdMember>> PromoteMemberAsync(EtcdMemberId memberId, CancellationToken cancellationToken = default);

    /// <summary>Changes a member's peer URLs.</summary>
    Task<IReadOnlyList<EtcdMember>> UpdateMemberAsync(EtcdMemberId memberId, IReadOnlyList<Uri> peerUrls, CancellationToken cancellationToken = default);

    /// <summary>Status of one endpoint (etcdctl endpoint status).</summary>
    Task<EtcdEndpointStatus> GetStatusAsync(Uri endpoint, CancellationToken cancellationToken = default);

    /// <summary>Status of every configured endpoint; an endpoint that does not answer throws.</summary>
    Task<IReadOnlyList<EtcdEndpointStatus>> GetStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Checks one member on its own client URLs (status with a leader and no errors; for a voter also <see cref="IsHealthyAsync"/>).</summary>
    Task<EtcdMemberHealth> CheckHealthAsync(EtcdMember member, CancellationToken cancellationToken = default);

    /// <summary>Lists the members and checks each on its own client URLs (etcdctl endpoint health --cluster).</summary>
    Task<IReadOnlyList<EtcdMemberHealth>> CheckMembersHealthAsync(CancellationToken cancellationToken = default);

    /// <summary>Defragments the member behind one endpoint.</summary>
    Task DefragmentAsync(Uri endpoint, CancellationToken cancellationToken = default);

    /// <summary>Compacts the key-value history up to <paramref name="revision"/> (physically, as etcdctl <c>compact --physical</c>); returns the store revision.</summary>
    Task<long> CompactAsync(long revision, CancellationToken cancellationToken = default);

    /// <summary>Active alarms.</summary>
    Task<IReadOnlyList<EtcdAlarm>> ListAlarmsAsync(CancellationToken cancellationToken = default);

    /// <summary>Disarms every active alarm (after fixing its cause).</summary>
    Task DisarmAlarmsAsync(CancellationToken cancellationToken = default);

    /// <summary>Authentication: users, roles, permissions and the auth switch (see <see cref="EtcdAccessControl"/> for the idempotent setup).</summary>
    IEtcdAuth Auth { get; }

    /// <summary>Streams a snapshot to <paramref name="path"/> (written 0600 via a temporary file) and checks its size and SHA-256.</summary>
    Task<EtcdSnapshotInfo> SaveSnapshotAsync(string path, CancellationToken cancellationToken = default);
}
