namespace K8sBare.Cluster.Apply;

/// <summary>
/// One host's turn in a rolling restart: when its batch began restarting and when it passed its health gate.
/// Between <see cref="Began"/> and <see cref="Healthy"/> the host's restarted services may not answer; no other
/// batch of the same phase restarts in that time.
/// </summary>
/// <param name="Phase">The phase that rolled (etcd, control-plane, workers).</param>
/// <param name="Host">The host.</param>
/// <param name="Batch">Its batch, from 1 (one host per batch for etcd and kube-apiserver).</param>
/// <param name="Began">When its batch began (re)starting services (UTC).</param>
/// <param name="Healthy">When it passed its gate (UTC); null when it did not.</param>
/// <param name="Failure">Why it did not pass (the roll stopped there); null when it passed.</param>
public sealed record HostRoll(ApplyPhase Phase, string Host, int Batch, DateTimeOffset Began, DateTimeOffset? Healthy, string? Failure)
{
    /// <summary>
    /// The roles this host handed off before its services restarted (the etcd leadership, the API virtual IP), each with
    /// where it went; empty when the host held none. <see cref="Began"/> is taken before the hand-offs.
    /// </summary>
    public IReadOnlyList<RollHandoff> Handoffs { get; init; } = [];

    /// <summary>"[phase] batch N host: healthy after …" or the failure, then the hand-offs.</summary>
    public override string ToString() =>
        $"[{Phase.Name}] batch {Batch} {Host}: " + (Healthy is { } h ? $"healthy after {(h - Began).TotalSeconds:0.0} s" : $"stopped: {Failure}")
        + string.Concat(Handoffs.Select(x => $"; {x}"));
}
