namespace K8sBare.Cluster.Apply;

/// <summary>
/// One failure of a plan or apply, as data: in which phase, on which host (null for cluster-wide steps such as
/// etcd health, etcd auth or the API), at which step, and why (the cause with its fix).
/// </summary>
/// <param name="Phase">The phase that failed.</param>
/// <param name="Host">The host, or null for a cluster-wide step.</param>
/// <param name="Step">The step (<c>connect</c>, <c>files</c>, <c>services</c>, <c>health</c>, <c>roll gate</c>, …).</param>
/// <param name="Cause">What went wrong and the fix (never secrets).</param>
public sealed record ApplyFailure(ApplyPhase Phase, string? Host, string Step, string Cause)
{
    /// <summary>"host: cause" ("cluster: cause" for cluster-wide steps).</summary>
    public override string ToString() => $"{Host ?? "cluster"}: {Cause}";
}
