namespace K8sBare.Cluster.Kubernetes;

/// <summary>The small typed Kubernetes API client the cluster procedures need (no discovery, no watch).</summary>
public interface IKubernetesClient : IDisposable
{
    /// <summary>GET /version.</summary>
    Task<KubernetesVersionInfo> GetVersionAsync(CancellationToken cancellationToken = default);

    /// <summary>GET /readyz?verbose; a 500 is reported as not ready, never thrown.</summary>
    Task<KubernetesReadiness> GetReadinessAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists the nodes.</summary>
    Task<IReadOnlyList<KubernetesNode>> ListNodesAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets one node; null when it does not exist.</summary>
    Task<KubernetesNode?> GetNodeAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Marks a node unschedulable (kubectl cordon) or schedulable again.</summary>
    Task<KubernetesNode> SetUnschedulableAsync(string name, bool unschedulable, CancellationToken cancellationToken = default);

    /// <summary>Deletes a node object; false when it did not exist.</summary>
    Task<bool> DeleteNodeAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Evicts a pod through the policy/v1 Eviction subresource (respects PodDisruptionBudgets).</summary>
    Task<EvictionResult> EvictPodAsync(string @namespace, string name, TimeSpan? gracePeriod = null, CancellationToken cancellationToken = default);

    /// <summary>Gets a ConfigMap; null when it does not exist.</summary>
    Task<KubernetesConfigMap?> GetConfigMapAsync(string @namespace, string name, CancellationToken cancellationToken = default);

    /// <summary>Creates the ConfigMap, or replaces the data of the existing one.</summary>
    Task<KubernetesConfigMap> CreateOrUpdateConfigMapAsync(string @namespace, string name, IReadOnlyDictionary<string, string> data,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Server-side applies every document of a (multi-document) YAML manifest, in order, with
    /// <c>application/apply-patch+yaml</c>, <c>fieldManager</c> and <c>force=true</c>. Each object's metadata is read
    /// first (PartialObjectMetadata) so <see cref="AppliedObject.Changed"/> can tell an update from a no-op.
    /// </summary>
    Task<IReadOnlyList<AppliedObject>> ApplyAsync(string yaml, CancellationToken cancellationToken = default);
}
