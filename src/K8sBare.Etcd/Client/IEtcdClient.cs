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
    /// <param name="endpoints">Client URLs such as <c>https://10.0.1.10:2379</c>, in fail-over order (at least one).</param>
    IEtcdClient WithEndpoints(IReadOnlyList<Uri> endpoints);

    /// <summary>The server version of the first endpoint that answers (its maintenance status).</summary>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    /// <exception cref="EtcdException">etcd refused the call (its code and message), or no endpoint answered.</exception>
    Task<EtcdVersionInfo> GetVersionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// etcdctl's <c>endpoint health</c> for one endpoint: true when a linearizable read goes through consensus there
    /// (permission denied counts: the read was ordered) and no NOSPACE alarm is raised.
    /// </summary>
    /// <param name="endpoint">One member's client URL; only that member is asked.</param>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    Task<bool> IsHealthyAsync(Uri endpoint, CancellationToken cancellationToken = default);

    /// <summary>Reads one key; null when it does not exist.</summary>
    /// <param name="key">The key (UTF-8), for example <c>/coreos.com/network/config</c>.</param>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    /// <exception cref="EtcdException">etcd refused the call (its code and message), or no endpoint answered.</exception>
    Task<EtcdKeyValue?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Reads every key that starts with <paramref name="prefix"/>, in key order.</summary>
    /// <param name="prefix">The key prefix (UTF-8); every key starting with it is selected.</param>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    /// <exception cref="EtcdException">etcd refused the call (its code and message), or no endpoint answered.</exception>
    Task<IReadOnlyList<EtcdKeyValue>> GetPrefixAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Writes a UTF-8 value; returns the store revision of the write.</summary>
    /// <param name="key">The key (UTF-8), for example <c>/coreos.com/network/config</c>.</param>
    /// <param name="value">The value to store.</param>
    /// <param name="leaseId">The lease to attach the key to (0: none), from <see cref="GrantLeaseAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    /// <exception cref="EtcdException">etcd refused the call (its code and message), or no endpoint answered.</exception>
    Task<long> PutAsync(string key, string value, long leaseId = 0, CancellationToken cancellationToken = default);

    /// <summary>Writes raw bytes; returns the store revision of the write.</summary>
    /// <param name="key">The key (UTF-8), for example <c>/coreos.com/network/config</c>.</param>
    /// <param name="value">The value to store.</param>
    /// <param name="leaseId">The lease to attach the key to (0: none), from <see cref="GrantLeaseAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    /// <exception cref="EtcdException">etcd refused the call (its code and message), or no endpoint answered.</exception>
    Task<long> PutAsync(string key, ReadOnlyMemory<byte> value, long leaseId = 0, CancellationToken cancellationToken = default);

    /// <summary>Deletes one key; returns how many keys were deleted (0 or 1).</summary>
    /// <param name="key">The key (UTF-8), for example <c>/coreos.com/network/config</c>.</param>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    /// <exception cref="EtcdException">etcd refused the call (its code and message), or no endpoint answered.</exception>
    Task<long> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes every key under a prefix; returns how many were deleted.</summary>
    /// <param name="prefix">The key prefix (UTF-8); every key starting with it is selected.</param>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    /// <exception cref="EtcdException">etcd refused the call (its code and message), or no endpoint answered.</exception>
    Task<long> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Writes <paramref name="newValue"/> only when <paramref name="condition"/> holds, atomically.</summary>
    /// <param name="key">The key (UTF-8), for example <c>/coreos.com/network/config</c>.</param>
    /// <param name="condition">What must hold for the write: <see cref="EtcdCondition.Missing"/>, a value, or a modification revision.</param>
    /// <param name="newValue">The value written when the condition holds.</param>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    /// <exception cref="EtcdException">etcd refused the call (its code and message), or no endpoint answered.</exception>
    Task<EtcdTransactionResult> CompareAndSwapAsync(string key, EtcdCondition condition, string newValue, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams changes under a prefix from <paramref name="startRevision"/> (0: from now) until cancelled; reopens on
    /// the next endpoint after the last revision delivered when the serving member goes away.
    /// </summary>
    /// <param name="prefix">The key prefix (UTF-8); every key starting with it is selected.</param>
    /// <param name="startRevision">The first revision to deliver (0: changes from now on).</param>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    /// <exception cref="EtcdException">etcd refused the call (its code and message), or no endpoint answered.</exception>
    IAsyncEnumerable<EtcdWatchEvent> WatchPrefixAsync(string prefix, long startRevision = 0, CancellationToken cancellationToken = default);

    /// <summary>Grants a lease with a time to live (whole seconds).</summary>
    /// <param name="ttl">The time to live, rounded up to whole seconds (at least 1 s).</param>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    /// <exception cref="EtcdException">etcd refused the call (its code and message), or no endpoint answered.</exception>
    Task<EtcdLease> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Renews a lease once; returns its new TTL.</summary>
    /// <param name="leaseId">The lease to attach the key to (0: none), from <see cref="GrantLeaseAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    /// <exception cref="EtcdException">etcd refused the call (its code and message), or no endpoint answered.</exception>
    Task<EtcdLease> KeepAliveLeaseAsync(long leaseId, CancellationToken cancellationToken = default);

    /// <summary>A lease's remaining TTL and attached keys.</summary>
    /// <param name="leaseId">The lease to attach the key to (0: none), from <see cref="GrantLeaseAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    /// <exception cref="EtcdException">etcd refused the call (its code and message), or no endpoint answered.</exception>
    Task<EtcdLease> GetLeaseAsync(long leaseId, CancellationToken cancellationToken = default);

    /// <summary>Revokes a lease, deleting its keys.</summary>
    /// <param name="leaseId">The lease to attach the key to (0: none), from <see cref="GrantLeaseAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    /// <exception cref="EtcdException">etcd refused the call (its code and message), or no endpoint answered.</exception>
    Task RevokeLeaseAsync(long leaseId, CancellationToken cancellationToken = default);

    /// <summary>The cluster's members (etcdctl member list).</summary>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    /// <exception cref="EtcdException">etcd refused the call (its code and message), or no endpoint answered.</exception>
    Task<IReadOnlyList<EtcdMember>> ListMembersAsync(CancellationToken cancellationToken = default);

    /// <summary>Raw member add (no safety checks; prefer <see cref="EtcdMembership"/>). Returns the new member and the full list.</summary>
    /// <param name="peerUrls">Peer URLs such as <c>https://10.0.1.13:2380</c> (scheme, host and port only).</param>
    /// <param name="isLearner">True to add a non-voting learner (etcd 3.4+), promoted later.</param>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    /// <exception cref="EtcdException">etcd refused the call (its code and message), or no endpoint answered.</exception>
    Task<(EtcdMember Added, IReadOnlyList<EtcdMember> Members)> AddMemberAsync(IReadOnlyList<Uri> peerUrls, bool isLearner, CancellationToken cancellationToken = default);

    /// <summary>Raw member remove by ID (no safety checks; prefer <see cref="EtcdMembership"/>).</summary>
    /// <param name="memberId">The member, as etcd lists it.</param>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    /// <exception cref="EtcdException">etcd refused the call (its code and message), or no endpoint answered.</exception>
    Task<IReadOnlyList<EtcdMember>> RemoveMemberAsync(EtcdMemberId memberId, CancellationToken cancellationToken = default);

    /// <summary>Raw learner promotion (no retry; prefer <see cref="EtcdMembership.PromoteAsync"/>).</summary>
    /// <param name="memberId">The member, as etcd lists it.</param>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    /// <exception cref="EtcdException">etcd refused the call (its code and message), or no endpoint answered.</exception>
    Task<IReadOnlyList<EtcdMember>> PromoteMemberAsync(EtcdMemberId memberId, CancellationToken cancellationToken = default);

    /// <summary>Changes a member's peer URLs.</summary>
    /// <param name="memberId">The member, as etcd lists it.</param>
    /// <param name="peerUrls">Peer URLs such as <c>https://10.0.1.13:2380</c> (scheme, host and port only).</param>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    /// <exception cref="EtcdException">etcd refused the call (its code and message), or no endpoint answered.</exception>
    Task<IReadOnlyList<EtcdMember>> UpdateMemberAsync(EtcdMemberId memberId, IReadOnlyList<Uri> peerUrls, CancellationToken cancellationToken = default);

    /// <summary>Status of one endpoint (etcdctl endpoint status).</summary>
    /// <param name="endpoint">One member's client URL; only that member is asked.</param>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    /// <exception cref="EtcdException">etcd refused the call (its code and message), or no endpoint answered.</exception>
    Task<EtcdEndpointStatus> GetStatusAsync(Uri endpoint, CancellationToken cancellationToken = default);

    /// <summary>Status of every configured endpoint; an endpoint that does not answer throws.</summary>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    /// <exception cref="EtcdException">etcd refused the call (its code and message), or no endpoint answered.</exception>
    Task<IReadOnlyList<EtcdEndpointStatus>> GetStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The leader's status: asks each endpoint in <see cref="Endpoints"/> order for its status and returns the first that
    /// reports being the leader (etcdctl endpoint status, the IS LEADER column). An endpoint that does not answer is
    /// skipped. Send a request to <see cref="EtcdEndpointStatus.Endpoint"/> to have the leader serve it itself rather than
    /// a follower forwarding it; read <see cref="EtcdEndpointStatus.RaftIndex"/> for the leader's committed index.
    /// </summary>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The leader's status, or null when no endpoint answered as the leader (no leader elected, or the leader is not among <see cref="Endpoints"/>).</returns>
    Task<EtcdEndpointStatus?> FindLeaderAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves raft leadership to <paramref name="transferee"/> (etcdctl <c>move-leader</c>, the Maintenance API's
    /// MoveLeader): finds the leader among <see cref="Endpoints"/> (<see cref="FindLeaderAsync"/>) and asks it to hand
    /// over; etcd answers once the transferee leads (it sends the transferee MsgTimeoutNow as soon as its log is up to
    /// date, so no election timeout passes without a leader). Use it before stopping the leader on purpose: a leader
    /// that just stops leaves the cluster without one until the election timeout, and writes stall meanwhile.
    /// Nothing is sent when the transferee already leads.
    /// </summary>
    /// <param name="transferee">A voting member (etcd refuses a learner), as listed by <see cref="ListMembersAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call (a transfer already sent may still complete).</param>
    /// <returns>The status of the member that led before (its <see cref="EtcdEndpointStatus.MemberId"/>); the transferee's own when it already led.</returns>
    /// <exception cref="EtcdException">No endpoint reports being the leader (Unavailable: none elected, or the leader is not among
    /// <see cref="Endpoints"/>), or etcd refused the move (its code and message, for example
    /// <c>etcdserver: bad leader transferee</c> for a learner or an unknown member).</exception>
    Task<EtcdEndpointStatus> MoveLeaderAsync(EtcdMemberId transferee, CancellationToken cancellationToken = default);

    /// <summary>Checks one member on its own client URLs (status with a leader and no errors; for a voter also <see cref="IsHealthyAsync"/>).</summary>
    /// <param name="member">The member to check, as listed by <see cref="ListMembersAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    Task<EtcdMemberHealth> CheckHealthAsync(EtcdMember member, CancellationToken cancellationToken = default);

    /// <summary>Lists the members and checks each on its own client URLs (etcdctl endpoint health --cluster).</summary>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    /// <exception cref="EtcdException">etcd refused the call (its code and message), or no endpoint answered.</exception>
    Task<IReadOnlyList<EtcdMemberHealth>> CheckMembersHealthAsync(CancellationToken cancellationToken = default);

    /// <summary>Defragments the member behind one endpoint.</summary>
    /// <param name="endpoint">One member's client URL; only that member is asked.</param>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    /// <exception cref="EtcdException">etcd refused the call (its code and message), or no endpoint answered.</exception>
    Task DefragmentAsync(Uri endpoint, CancellationToken cancellationToken = default);

    /// <summary>Compacts the key-value history up to <paramref name="revision"/> (physically, as etcdctl <c>compact --physical</c>); returns the store revision.</summary>
    /// <param name="revision">The revision to compact up to (a put returns its revision).</param>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    /// <exception cref="EtcdException">etcd refused the call (its code and message), or no endpoint answered.</exception>
    Task<long> CompactAsync(long revision, CancellationToken cancellationToken = default);

    /// <summary>Active alarms.</summary>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    /// <exception cref="EtcdException">etcd refused the call (its code and message), or no endpoint answered.</exception>
    Task<IReadOnlyList<EtcdAlarm>> ListAlarmsAsync(CancellationToken cancellationToken = default);

    /// <summary>Disarms every active alarm (after fixing its cause).</summary>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    /// <exception cref="EtcdException">etcd refused the call (its code and message), or no endpoint answered.</exception>
    Task DisarmAlarmsAsync(CancellationToken cancellationToken = default);

    /// <summary>Authentication: users, roles, permissions and the auth switch (see <see cref="EtcdAccessControl"/> for the idempotent setup).</summary>
    IEtcdAuth Auth { get; }

    /// <summary>Streams a snapshot to <paramref name="path"/> (written 0600 via a temporary file) and checks its size and SHA-256.</summary>
    /// <param name="path">The file to write (its folder must exist); written 0600 through <c>path.part</c>.</param>
    /// <param name="cancellationToken">Cancels the call (a write already sent may still be applied).</param>
    /// <exception cref="EtcdException">etcd refused the call (its code and message), or no endpoint answered.</exception>
    Task<EtcdSnapshotInfo> SaveSnapshotAsync(string path, CancellationToken cancellationToken = default);
}
