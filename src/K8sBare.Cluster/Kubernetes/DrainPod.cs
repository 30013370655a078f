namespace K8sBare.Cluster.Kubernetes;

/// <summary>A pod a drain evicted, skipped, refused on, or left behind, with the reason.</summary>
/// <param name="Namespace">metadata.namespace.</param>
/// <param name="Name">metadata.name.</param>
/// <param name="Reason">Why it is in this list (e.g. "managed by DaemonSet kube-system/flannel", or the API's answer to the eviction).</param>
public sealed record DrainPod(string Namespace, string Name, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{Namespace}/{Name}: {Reason}";
}
