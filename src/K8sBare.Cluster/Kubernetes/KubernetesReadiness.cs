namespace K8sBare.Cluster.Kubernetes;

/// <summary>GET /readyz?verbose: whether the API server is ready, and its per-check report.</summary>
public sealed record KubernetesReadiness
{
    /// <summary>True on HTTP 200.</summary>
    public required bool Ready { get; init; }

    /// <summary>The body (one "[+]name ok" / "[-]name failed" line per check).</summary>
    public required string Report { get; init; }

    /// <summary>The names of the failed checks.</summary>
    public IReadOnlyList<string> FailedChecks { get; init; } = [];
}
