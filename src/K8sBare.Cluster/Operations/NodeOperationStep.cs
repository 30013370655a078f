namespace K8sBare.Cluster.Operations;

/// <summary>One step of a planned node operation.</summary>
/// <param name="Host">The host the step touches over SSH; null for steps through the Kubernetes or etcd API.</param>
/// <param name="Action">What is done, for example <c>remove etcd member</c>.</param>
/// <param name="Detail">On what and why, for example the member ID.</param>
public sealed record NodeOperationStep(string? Host, string Action, string Detail)
{
    /// <summary>The step as one line: <c>host: action — detail</c>.</summary>
    public override string ToString() => $"{Host ?? "cluster"}: {Action} — {Detail}";
}
