namespace K8sBare.Cluster.Kubernetes;

/// <summary>Where a built-in kind lives in the API: group/version, plural resource name and scope.</summary>
public sealed record KubernetesResourceKind(string ApiVersion, string Kind, string Plural, bool Namespaced)
{
    /// <summary>The URL path of one object, e.g. <c>/apis/apps/v1/namespaces/kube-system/deployments/coredns</c>.</summary>
    public string PathFor(string name, string? @namespace)
    {
        var root = ApiVersion.Contains('/', StringComparison.Ordinal) ? $"/apis/{ApiVersion}" : $"/api/{ApiVersion}";
        var ns = Namespaced ? $"/namespaces/{Uri.EscapeDataString(string.IsNullOrEmpty(@namespace) ? "default" : @namespace)}" : "";
        return $"{root}{ns}/{Plural}/{Uri.EscapeDataString(name)}";
    }
}
