namespace K8sBare.Cluster.Kubernetes;

/// <summary>How <see cref="NodeDrain.DrainNodeAsync"/> drains a node (kubectl drain's options, with kubectl's safe defaults).</summary>
public sealed record DrainOptions
{
    /// <summary>How long to keep evicting (PodDisruptionBudgets may refuse for a while) and waiting for the pods to be gone. Default 5 min.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The grace period given to each evicted pod; null for the pod's own <c>terminationGracePeriodSeconds</c>.
    /// <see cref="TimeSpan.Zero"/> deletes the pod object at once without waiting for its kubelet to confirm that the
    /// containers stopped — only for a node that is down (its kubelet never confirms), as <c>kubectl drain --grace-period=0</c>
    /// after <c>--force</c>.
    /// </summary>
    public TimeSpan? GracePeriod { get; init; }

    /// <summary>Also evict pods that no controller manages (they are not recreated anywhere). Default false: such pods refuse the drain before anything changes (kubectl drain --force).</summary>
    public bool Force { get; init; }

    /// <summary>Also evict pods with <c>emptyDir</c> volumes (their data is lost). Default false: such pods refuse the drain before anything changes (kubectl drain --delete-emptydir-data).</summary>
    public bool DeleteEmptyDirData { get; init; }

    /// <summary>Time between eviction retries and checks for the pods being gone. Default 1 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
}
