namespace K8sBare.Etcd;

/// <summary>Safety switches and retry bounds for <see cref="EtcdMembership"/>.</summary>
public sealed record EtcdMembershipOptions
{
    /// <summary>Allow a change that leaves an even number of voting members (no better fault tolerance, more quorum). Default false.</summary>
    public bool AllowEvenMemberCount { get; init; }

    /// <summary>Add new members as learners and promote them once in sync, when the cluster is 3.4+. Default true.</summary>
    public bool PreferLearners { get; init; } = true;

    /// <summary>How long to retry "can only promote a learner member which is in sync with leader". Default 60 s.</summary>
    public TimeSpan PromoteTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to retry etcd's "unhealthy cluster" answer (given for ~5 s after a member starts) and wait for health. Default 30 s.</summary>
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Before refusing a change because a member is unhealthy, re-check for this long: a leader election (after a
    /// previous change, or a dead leader) makes the survivors answer "leader changed" for a while — up to twice
    /// etcd's <c>--election-timeout</c> (default 1000 ms), more on a loaded host. Default 5 s; zero refuses on the first check.
    /// </summary>
    public TimeSpan UnhealthyGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The pause between retries. Default 250 ms.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}
