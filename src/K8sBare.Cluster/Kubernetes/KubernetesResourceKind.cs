namespace K8sBare.Cluster.Kubernetes;

/// <summary>Where a kind lives in the API, as the server's discovery reports it: group/version, plural resource name and scope.</summary>
/// <param name="ApiVersion">The apiVersion, e.g. <c>v1</c> or <c>apps/v1</c>.</param>
/// <param name="Kind">The kind, e.g. <c>Endpoints</c>.</param>
/// <param name="Plural">The resource name in URLs, e.g. <c>endpoints</c>.</param>
/// <param name="Namespaced">True for namespaced kinds.</param>
public sealed record KubernetesResourceKind(string ApiVersion, string Kind, string Plural, bool Namespaced)
{
    /// <summary>The API group: empty for the core group (<c>v1</c>).</summary>
    public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : "";

    /// <summary>The version within the group, e.g. <c>v1</c>.</summary>
    public string Version => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[(ApiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..] : ApiVersion;

    /// <summary>The URL path of one object, e.g. <c>/apis/apps/v1/namespaces/kube-system/deployments/coredns</c>.</summary>
    /// <param name="name">metadata.name.</param>
    /// <param name="namespace">metadata.namespace; ignored for cluster-scoped kinds, <c>default</c> when null for namespaced ones.</param>
    public string PathFor(string name, string? @namespace)
    {
        var root = Group.Length > 0 ? $"/apis/{ApiVersion}" : $"/api/{ApiVersion}";
        var ns = Namespaced ? $"/namespaces/{Uri.EscapeDataString(string.IsNullOrEmpty(@namespace) ? "default" : @namespace)}" : "";
        return $"{root}{ns}/{Plural}/{Uri.EscapeDataString(name)}";
    }
}
