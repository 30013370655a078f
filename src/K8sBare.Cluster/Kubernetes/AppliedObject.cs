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

    /// <summary>
    /// True when the apply created or modified the object: it was created, or its <c>metadata.resourceVersion</c>
    /// after the apply differs from the one read just before. The API server keeps the resourceVersion when a
    /// server-side apply changes nothing, so a second apply of the same manifest reports false. (A write by someone
    /// else between the read and the apply also counts as a change.)
    /// </summary>
    public bool Changed { get; init; }

    /// <summary><c>metadata.resourceVersion</c> before the apply (null when the object did not exist).</summary>
    public string? PreviousResourceVersion { get; init; }

    /// <summary><c>metadata.resourceVersion</c> the server returned for the applied object (null if it sent none).</summary>
    public string? ResourceVersion { get; init; }
}
