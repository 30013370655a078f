namespace K8sBare.Cluster.Kubernetes;

/// <summary>The answer of <c>GET /readyz?verbose</c>: whether the API server is ready, and its per-check report.</summary>
public sealed record ApiServerReadiness
{
    /// <summary>True on HTTP 200.</summary>
    public required bool Ready { get; init; }

    /// <summary>The body: one <c>[+]name ok</c> / <c>[-]name failed</c> line per check.</summary>
    public required string Report { get; init; }

    /// <summary>The names of the failed checks (e.g. <c>etcd</c>).</summary>
    public IReadOnlyList<string> FailedChecks { get; init; } = [];
}
