namespace K8sBare.Cluster.Kubernetes;

/// <summary>A ConfigMap's identity and data.</summary>
public sealed record KubernetesConfigMap
{
    /// <summary>The namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The name.</summary>
    public required string Name { get; init; }

    /// <summary>The data, ordered by key.</summary>
    public IReadOnlyDictionary<string, string> Data { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>metadata.resourceVersion (null before creation).</summary>
    public string? ResourceVersion { get; init; }
}
