namespace K8sBare.Cluster.Apply;

/// <summary>
/// How restarts roll through the cluster. Where an apply would restart etcd or kube-apiserver on more than one
/// host, it restarts them one host at a time in the plan's order, and waits between hosts until the restarted
/// member is healthy (etcd: the member answers and its raft index caught up with the leader's; kube-apiserver:
/// <c>/readyz</c> on that host). A host that does not pass its gate stops the roll: the hosts after it are not
/// restarted, so the others keep serving, and the apply fails with a <see cref="ApplyFailure"/> naming the host.
/// </summary>
public sealed record RolloutOptions
{
    /// <summary>
    /// How many workers restart their services at once (kubelet, kube-proxy, containerd, …); null restarts every
    /// worker at once (the default: a kubelet or containerd restart leaves running pods alone). Must be at least 1.
    /// </summary>
    public int? WorkerBatchSize { get; init; }

    /// <summary>How long one host may take to pass its health gate after a rolling restart. Default 120 s.</summary>
    public TimeSpan HostHealthTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// How far (in raft entries) a restarted etcd member's applied index may trail the leader's raft index and
    /// still count as caught up. Default 0 read after the member's own index was read: the member has applied
    /// everything the leader had committed when the gate began (the leader's index is read first).
    /// </summary>
    public ulong EtcdMaxRaftLag { get; init; }

    /// <summary>
    /// Before the etcd member that leads restarts, move the leadership to a healthy voting member (etcd's MoveLeader, as
    /// <c>etcdctl move-leader</c>): the cluster keeps a leader throughout instead of waiting out an election. Default true;
    /// false restarts the leader as it is. The move is reported in <see cref="HostRoll.Handoffs"/>.
    /// </summary>
    public bool MoveEtcdLeader { get; init; } = true;

    /// <summary>
    /// With <see cref="ApiEndpointMode.KeepalivedVip"/>: before kube-apiserver restarts on the host that holds the virtual
    /// IP, stop keepalived there until another control plane holds the address and the API answers through it, and start
    /// keepalived again after the turn (it returns as a backup: keepalived renders BACKUP with nopreempt by default).
    /// Default true; false restarts the holder's apiserver while it keeps the address (requests through the VIP are refused
    /// until keepalived's health check moves it). The hand-off is reported in <see cref="HostRoll.Handoffs"/>.
    /// </summary>
    public bool HandOffVirtualIp { get; init; } = true;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A batch size below 1 or a timeout not positive (the message names the field).</exception>
    public void Validate()
    {
        if (WorkerBatchSize is < 1)
            throw new ArgumentOutOfRangeException(nameof(WorkerBatchSize), WorkerBatchSize, "RolloutOptions.WorkerBatchSize must be at least 1 (or null for every worker at once).");
        if (HostHealthTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(HostHealthTimeout), HostHealthTimeout, "RolloutOptions.HostHealthTimeout must be positive.");
    }
}
