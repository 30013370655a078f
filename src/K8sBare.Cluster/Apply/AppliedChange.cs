namespace K8sBare.Cluster.Apply;

/// <summary>One change an apply made.</summary>
/// <param name="Phase">The phase.</param>
/// <param name="Host">The host, or null for cluster-wide changes (etcd keys, API objects).</param>
/// <param name="Kind">What changed.</param>
/// <param name="Target">The path, service, binary or key.</param>
public sealed record AppliedChange(ApplyPhase Phase, string? Host, ChangeKind Kind, string Target);
