namespace K8sBare.Cluster.Kubernetes;

/// <summary>How <see cref="KubernetesClientFactory"/> builds the official client from a kubeconfig.</summary>
public sealed record KubernetesConnectionOptions
{
    /// <summary>The kubeconfig context to use; null for its <c>current-context</c>.</summary>
    public string? Context { get; init; }

    /// <summary>
    /// Overrides the context's cluster <c>server</c> URL (https only), e.g. to reach one control-plane node directly
    /// or an apiserver on a forwarded port. The server certificate must still name the host of this URL.
    /// </summary>
    public Uri? Server { get; init; }

    /// <summary>The timeout of one HTTP request (watches excepted). Default 100 s, the client's own default.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);
}
