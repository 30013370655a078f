namespace K8sBare.Cluster.Planning;

/// <summary>
/// One step of a plan: in which phase, on which host, what it does to which target, and why. An apply
/// runs exactly these steps and reports what it changed in the same vocabulary
/// (<c>AppliedChange</c> in <c>ApplyResult.Changes</c>).
/// </summary>
/// <param name="Phase">The phase that runs the step.</param>
/// <param name="Host">The host, or null for cluster-wide steps (etcd keys, API objects, health gates).</param>
/// <param name="Kind">What the step does.</param>
/// <param name="Target">The path, service, binary or key.</param>
/// <param name="Reason">Why (what differs on the host, what is missing, which files changed).</param>
public sealed record PlannedStep(ApplyPhase Phase, string? Host, ChangeKind Kind, string Target, string Reason)
{
    /// <summary>
    /// True when the step's outcome is decided when it runs, because it needs a service this apply starts
    /// (flannel's key in etcd before etcd runs; RBAC objects, which server-side apply leaves alone when
    /// they are already as rendered). Deferred steps do not make a plan non-empty.
    /// </summary>
    public bool Deferred { get; init; }

    /// <summary>
    /// For the health gate of a rolling restart (<see cref="ChangeKind.HealthChecked"/> on a host): the batch, from 1,
    /// in which the host's steps of this phase run. Hosts of one batch restart together; the next batch starts once
    /// every host of this one passed its gate; a host that does not pass stops the roll. Null for any other step.
    /// </summary>
    public int? RollBatch { get; init; }

    /// <summary>True when the step changes something (not a health gate, not a service that cannot start, not deferred).</summary>
    public bool IsChange => !Deferred && Kind is not (ChangeKind.ServiceNotStarted or ChangeKind.HealthChecked);

    /// <summary>"[phase] host kind target — reason".</summary>
    public override string ToString() =>
        $"[{Phase.Name}] {Host ?? "cluster"} {Kind} {Target}{(Deferred ? " (decided when run)" : "")}{(RollBatch is { } b ? $" (roll batch {b})" : "")} — {Reason}";
}
