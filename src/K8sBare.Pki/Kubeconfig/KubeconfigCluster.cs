namespace K8sBare.Pki.Kubeconfig;

/// <summary>A kubeconfig <c>cluster</c> (client-go <c>Cluster</c>): where the API server is and how to trust it.</summary>
public sealed record KubeconfigCluster
{
    /// <summary><c>server</c>: the API server URL, e.g. <c>https://10.0.0.10:6443</c>.</summary>
    public required string Server { get; init; }

    /// <summary><c>certificate-authority-data</c> as PEM text (written base64-encoded, as kubectl does).</summary>
    public string? CertificateAuthorityData { get; init; }

    /// <summary><c>certificate-authority</c>: a path to the CA file instead of embedded data.</summary>
    public string? CertificateAuthority { get; init; }

    /// <summary><c>tls-server-name</c>: the name checked against the serving certificate.</summary>
    public string? TlsServerName { get; init; }

    /// <summary><c>insecure-skip-tls-verify</c>.</summary>
    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary><c>proxy-url</c>.</summary>
    public string? ProxyUrl { get; init; }

    /// <summary>
    /// Fields K8sBare does not model (e.g. <c>exec</c>, <c>auth-provider</c>, <c>extensions</c>), as YAML text by field
    /// name. Kept verbatim so that loading, merging and saving a kubeconfig loses nothing.
    /// </summary>
    public IReadOnlyDictionary<string, string> OtherFields { get; init; } = new Dictionary<string, string>();
}
