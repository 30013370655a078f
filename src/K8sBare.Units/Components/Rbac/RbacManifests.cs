using K8sBare.Units.Formats;

namespace K8sBare.Units.Components;

/// <summary>
/// The RBAC objects the hard way needs besides the built-in ones (components.md §1.1, §9): apiserver→kubelet access
/// and CoreDNS' read access. flannel in etcd mode needs none. Apply them with kubectl once the apiserver is up.
/// </summary>
public static class RbacManifests
{
    /// <summary>
    /// ClusterRole <c>system:kube-apiserver-to-kubelet</c> (nodes/proxy, stats, log, spec, metrics) bound to the User named by
    /// the apiserver's kubelet-client certificate CN (<paramref name="kubeletClientUser"/>; KTHW: <c>kubernetes</c>,
    /// kubeadm: <c>kube-apiserver-kubelet-client</c>).
    /// </summary>
    /// <param name="kubeletClientUser">The CN of the apiserver's <c>--kubelet-client-certificate</c>, as the kubelet's webhook authorizer sees the user.</param>
    /// <param name="path">Where the manifest goes on the host (absolute; not checked here).</param>
    /// <returns>Two YAML documents (ClusterRole and ClusterRoleBinding, <c>rbac.authorization.k8s.io/v1</c>), mode 0644.</returns>
    /// <exception cref="UnitsException"><paramref name="kubeletClientUser"/> is empty or has a newline.</exception>
    public static RenderedFile ApiServerToKubelet(string kubeletClientUser = "kube-apiserver-kubelet-client",
        string path = "/etc/kubernetes/manifests/rbac/kube-apiserver-to-kubelet.yaml")
    {
        Require("kubeletClientUser", kubeletClientUser);
        var role = ClusterRole("system:kube-apiserver-to-kubelet",
            new YamlMap
            {
                { "apiGroups", new[] { "" } },
                { "resources", new[] { "nodes/proxy", "nodes/stats", "nodes/log", "nodes/spec", "nodes/metrics" } },
                { "verbs", new[] { "*" } },
            });
        var binding = Binding("system:kube-apiserver", "system:kube-apiserver-to-kubelet", kubeletClientUser);
        return new RenderedFile(path, YamlEmitter.EmitDocuments([role, binding]));
    }

    /// <summary>ClusterRole <c>system:coredns</c> (list/watch endpoints, services, pods, namespaces, endpointslices) bound to <paramref name="coreDnsUser"/> (its cert CN).</summary>
    /// <param name="coreDnsUser">The CN of CoreDNS' client certificate (the user in its kubeconfig), e.g. <c>system:coredns</c>.</param>
    /// <param name="path">Where the manifest goes on the host (absolute; not checked here).</param>
    /// <returns>Two YAML documents (ClusterRole and ClusterRoleBinding, <c>rbac.authorization.k8s.io/v1</c>), mode 0644; the rules match CoreDNS' upstream <c>kubernetes</c> plugin manifest.</returns>
    /// <exception cref="UnitsException"><paramref name="coreDnsUser"/> is empty or has a newline.</exception>
    public static RenderedFile CoreDns(string coreDnsUser = "system:coredns", string path = "/etc/kubernetes/manifests/rbac/coredns.yaml")
    {
        Require("coreDnsUser", coreDnsUser);
        var role = ClusterRole("system:coredns",
            new YamlMap
            {
                { "apiGroups", new[] { "" } },
                { "resources", new[] { "endpoints", "services", "pods", "namespaces" } },
                { "verbs", new[] { "list", "watch" } },
            },
            new YamlMap
            {
                { "apiGroups", new[] { "discovery.k8s.io" } },
                { "resources", new[] { "endpointslices" } },
                { "verbs", new[] { "list", "watch" } },
            });
        var binding = Binding("system:coredns", "system:coredns", coreDnsUser);
        return new RenderedFile(path, YamlEmitter.EmitDocuments([role, binding]));
    }

    private static YamlMap ClusterRole(string name, params YamlMap[] rules) => new()
    {
        { "apiVersion", "rbac.authorization.k8s.io/v1" },
        { "kind", "ClusterRole" },
        {
            "metadata", new YamlMap
            {
                { "name", name },
                { "annotations", new YamlMap { { "rbac.authorization.kubernetes.io/autoupdate", "true" } } },
                { "labels", new YamlMap { { "kubernetes.io/bootstrapping", "rbac-defaults" } } },
            }
        },
        { "rules", rules },
    };

    private static YamlMap Binding(string name, string role, string user) => new()
    {
        { "apiVersion", "rbac.authorization.k8s.io/v1" },
        { "kind", "ClusterRoleBinding" },
        { "metadata", new YamlMap { { "name", name } } },
        { "roleRef", new YamlMap { { "apiGroup", "rbac.authorization.k8s.io" }, { "kind", "ClusterRole" }, { "name", role } } },
        { "subjects", new[] { new YamlMap { { "apiGroup", "rbac.authorization.k8s.io" }, { "kind", "User" }, { "name", user } } } },
    };

    private static void Require(string option, string value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Contains('\n', StringComparison.Ordinal))
            throw new UnitsException($"RbacManifests.{option}", "must be the certificate CN (a non-empty single line).");
    }
}
