namespace K8sBare.Etcd;

/// <summary>
/// What a newly added member must start with — exactly, or it fails with "member count is unequal"
/// (wrong member count in --initial-cluster) or "unmatched member while checking PeerURLs".
/// </summary>
public sealed record EtcdJoinInstructions
{
    /// <summary>The new member's ID.</summary>
    public required EtcdMemberId MemberId { get; init; }

    /// <summary>The new member's --name.</summary>
    public required string Name { get; init; }

    /// <summary>Its --initial-advertise-peer-urls (comma separated).</summary>
    public required string InitialAdvertisePeerUrls { get; init; }

    /// <summary>--initial-cluster: every member's name=peerURL, the new one included, in etcd's member order.</summary>
    public required string InitialCluster { get; init; }

    /// <summary>--initial-cluster-state: always <c>existing</c>.</summary>
    public string InitialClusterState { get; init; } = "existing";

    /// <summary>True when it was added as a learner and must be promoted once in sync.</summary>
    public required bool IsLearner { get; init; }

    /// <summary>The data dir must be empty: a data dir from a removed member makes etcd exit (with code 0) or rejoin as the old ID.</summary>
    public bool MustStartWithEmptyDataDir { get; init; } = true;

    /// <summary>The etcd flags to add to the new member's command line (besides TLS, listen and data-dir flags).</summary>
    public IReadOnlyList<string> Flags =>
    [
        $"--name={Name}",
        $"--initial-advertise-peer-urls={InitialAdvertisePeerUrls}",
        $"--initial-cluster={InitialCluster}",
        $"--initial-cluster-state={InitialClusterState}",
    ];

    /// <summary>The same as environment variables, as <c>etcdctl member add</c> prints them.</summary>
    public IReadOnlyDictionary<string, string> Environment => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["ETCD_NAME"] = Name,
        ["ETCD_INITIAL_CLUSTER"] = InitialCluster,
        ["ETCD_INITIAL_ADVERTISE_PEER_URLS"] = InitialAdvertisePeerUrls,
        ["ETCD_INITIAL_CLUSTER_STATE"] = InitialClusterState,
    };
}
