namespace K8sBare.Pki.Kubeconfig;

/// <summary>A kubeconfig <c>context</c>: a (cluster, user, namespace) triple.</summary>
public sealed record KubeconfigContext
{
    /// <summary><c>cluster</c>: the name of a cluster entry.</summary>
    public required string Cluster { get; init; }

    /// <summary><c>user</c>: the name of a user entry.</summary>
    public required string User { get; init; }

    /// <summary><c>namespace</c> (optional).</summary>
    public string? Namespace { get; init; }

    /// <summary>
    /// Fields K8sBare does not model (e.g. <c>exec</c>, <c>auth-provider</c>, <c>extensions</c>), as YAML text by field
    /// name. Kept verbatim so that loading, merging and saving a kubeconfig loses nothing.
    /// </summary>
    public IReadOnlyDictionary<string, string> OtherFields { get; init; } = new Dictionary<string, string>();
}
