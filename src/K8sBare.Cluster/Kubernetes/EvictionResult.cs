namespace K8sBare.Cluster.Kubernetes;

/// <summary>What a pod eviction did.</summary>
public enum EvictionResult
{
    /// <summary>The eviction was accepted (HTTP 201).</summary>
    Evicted,
    /// <summary>The pod no longer exists (HTTP 404): nothing to do.</summary>
    NotFound,
    /// <summary>A PodDisruptionBudget forbids it now (HTTP 429): retry later.</summary>
    BlockedByDisruptionBudget,
}
