using K8sBare.Cluster.Planning;

namespace K8sBare.Cluster.Apply;

/// <summary>One change an apply made.</summary>
/// <param name="Phase">The phase.</param>
/// <param name="Host">The host, or null for cluster-wide changes (etcd keys, API objects).</param>
/// <param name="Kind">What changed.</param>
/// <param name="Target">The path, service, binary or key.</param>
public sealed record AppliedChange(ApplyPhase Phase, string? Host, ChangeKind Kind, string Target)
{
    /// <summary>
    /// The planned step this change carried out, exactly as planned (phase, host, kind, target and reason): planning
    /// and applying share this one decision. <see cref="Target"/> equals the step's target except for a step that
    /// covers several objects (RBAC objects, flannel's keys, preloaded images), where it names the object. Null for
    /// a change decided on the host as the apply ran (an etcd member added or promoted, etcd's flags settled).
    /// </summary>
    public PlannedStep? Step { get; init; }
}
