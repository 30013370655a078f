namespace K8sBare.Cluster.Kubernetes;

/// <summary>GET /version.</summary>
public sealed record KubernetesVersionInfo
{
    /// <summary>Major version, e.g. "1".</summary>
    public required string Major { get; init; }

    /// <summary>Minor version, e.g. "32".</summary>
    public required string Minor { get; init; }

    /// <summary>The full version, e.g. "v1.32.3".</summary>
    public required string GitVersion { get; init; }

    /// <summary>The platform, e.g. "linux/amd64".</summary>
    public string Platform { get; init; } = "";
}
