namespace K8sBare.Cluster.Kubernetes;

/// <summary>The built-in kinds the hard way's manifests use, resolvable without API discovery.</summary>
public static class KubernetesResourceKinds
{
    /// <summary>Every known kind.</summary>
    public static IReadOnlyList<KubernetesResourceKind> All { get; } =
    [
        new("v1", "Namespace", "namespaces", false),
        new("v1", "ServiceAccount", "serviceaccounts", true),
        new("v1", "Service", "services", true),
        new("v1", "ConfigMap", "configmaps", true),
        new("v1", "Secret", "secrets", true),
        new("rbac.authorization.k8s.io/v1", "ClusterRole", "clusterroles", false),
        new("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "clusterrolebindings", false),
        new("rbac.authorization.k8s.io/v1", "Role", "roles", true),
        new("rbac.authorization.k8s.io/v1", "RoleBinding", "rolebindings", true),
        new("discovery.k8s.io/v1", "EndpointSlice", "endpointslices", true),
        new("apps/v1", "Deployment", "deployments", true),
        new("apps/v1", "DaemonSet", "daemonsets", true),
    ];

    /// <summary>Finds the kind for an apiVersion/kind pair or throws, naming the supported ones.</summary>
    public static KubernetesResourceKind Resolve(string apiVersion, string kind) =>
        All.FirstOrDefault(k => k.ApiVersion == apiVersion && k.Kind == kind)
        ?? throw new NotSupportedException(
            $"'{apiVersion}, Kind={kind}' is not a kind K8sBare can apply without discovery. Supported: {string.Join(", ", All.Select(k => $"{k.ApiVersion}/{k.Kind}"))}.");
}
