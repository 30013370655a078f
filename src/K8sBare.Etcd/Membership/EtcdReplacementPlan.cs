namespace K8sBare.Etcd;

/// <summary>
/// The state between the two halves of a member replacement: the dead member is removed and its
/// replacement added. Start the replacement with <see cref="Join"/> on a wiped data dir, then call
/// <see cref="EtcdMembership.CompleteReplacementAsync"/>.
/// </summary>
public sealed record EtcdReplacementPlan
{
    /// <summary>The member that was removed.</summary>
    public required EtcdMember Removed { get; init; }

    /// <summary>The replacement as etcd registered it (unstarted).</summary>
    public required EtcdMember Added { get; init; }

    /// <summary>How to start the replacement.</summary>
    public required EtcdJoinInstructions Join { get; init; }

    /// <summary>Always true: wipe the replacement's data dir first (a removed member on its old data dir exits with code 0).</summary>
    public bool MustWipeDataDir => Join.MustStartWithEmptyDataDir;
}
