namespace K8sBare.Pki.Kubeconfig;

/// <summary>A kubeconfig <c>user</c> (client-go <c>AuthInfo</c>): client certificate or token credentials.</summary>
public sealed record KubeconfigUser
{
    /// <summary><c>client-certificate-data</c> as PEM text (written base64-encoded).</summary>
    public string? ClientCertificateData { get; init; }

    /// <summary><c>client-key-data</c> as PEM text (written base64-encoded). Secret.</summary>
    public string? ClientKeyData { get; init; }

    /// <summary><c>client-certificate</c>: a path instead of embedded data.</summary>
    public string? ClientCertificate { get; init; }

    /// <summary><c>client-key</c>: a path instead of embedded data.</summary>
    public string? ClientKey { get; init; }

    /// <summary><c>token</c>: a bearer token. Secret.</summary>
    public string? Token { get; init; }

    /// <summary><c>tokenFile</c>.</summary>
    public string? TokenFile { get; init; }

    /// <summary>
    /// Fields K8sBare does not model (e.g. <c>exec</c>, <c>auth-provider</c>, <c>extensions</c>), as YAML text by field
    /// name. Kept verbatim so that loading, merging and saving a kubeconfig loses nothing.
    /// </summary>
    public IReadOnlyDictionary<string, string> OtherFields { get; init; } = new Dictionary<string, string>();

    /// <summary>Redacted for logs: shows which credential kinds are set, never their values.</summary>
    public override string ToString() =>
        $"KubeconfigUser {{ cert={(ClientCertificateData is not null ? "data" : ClientCertificate ?? "-")}, key={(ClientKeyData is not null ? "<redacted>" : ClientKey ?? "-")}, token={(Token is null ? "-" : "<redacted>")} }}";
}
