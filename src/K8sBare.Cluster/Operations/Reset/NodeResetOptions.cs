namespace K8sBare.Cluster.Operations;

/// <summary>Options of a node reset.</summary>
public sealed record NodeResetOptions
{
    /// <summary>
    /// Confirms that the node's etcd member was already removed from the cluster (or the cluster is being torn down):
    /// without it, resetting an etcd node of a multi-member cluster is refused, since wiping its data dir while it is
    /// still a voter lowers the cluster's fault tolerance (remove the member first with the node-removal operation).
    /// </summary>
    public bool EtcdMemberRemoved { get; init; }

    /// <summary>How long a command on the host may take. Default 5 minutes.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
