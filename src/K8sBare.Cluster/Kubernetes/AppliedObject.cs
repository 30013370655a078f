namespace K8sBare.Cluster.Kubernetes;

/// <summary>One manifest document applied server-side.</summary>
public sealed record AppliedObject
{
    /// <summary>apiVersion.</summary>
    public required string ApiVersion { get; init; }

    /// <summary>kind.</summary>
    public required string Kind { get; init; }

    /// <summary>metadata.name.</summary>
    public required string Name { get; init; }

    /// <summary>metadata.namespace (null for cluster-scoped kinds).</summary>
    public string? Namespace { get; init; }

    /// <summary>The request path it was applied to.</summary>
    public required string Path { get; init; }

    /// <summary>True when the server created it (201), false when it updated or left it (200).</summary>
    public bool Created { get; init; }
}
