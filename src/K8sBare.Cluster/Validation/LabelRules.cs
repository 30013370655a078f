namespace K8sBare.Cluster.Validation;

/// <summary>
/// Rules on node labels: the syntax of label keys and values (k8s.io/apimachinery validation IsQualifiedName and
/// IsValidLabelValue) and the kubelet's own rule since 1.16 (kubelet options ValidateKubeletFlags): labels in the
/// <c>kubernetes.io</c> / <c>k8s.io</c> namespaces are refused at start-up unless they are in the kubelet's
/// allowed set (k8s.io/kubelet/pkg/apis well_known_labels.go, IsKubeletLabel).
/// </summary>
internal static class LabelRules
{
    /// <summary>The keys the kubelet may set in the restricted namespaces (kubeletLabels).</summary>
    internal static readonly IReadOnlySet<string> KubeletLabels = new HashSet<string>(StringComparer.Ordinal)
    {
        "kubernetes.io/hostname",
        "topology.kubernetes.io/zone",
        "topology.kubernetes.io/region",
        "failure-domain.beta.kubernetes.io/zone",
        "failure-domain.beta.kubernetes.io/region",
        "beta.kubernetes.io/instance-type",
        "node.kubernetes.io/instance-type",
        "kubernetes.io/os",
        "kubernetes.io/arch",
        "beta.kubernetes.io/os",
        "beta.kubernetes.io/arch",
    };

    /// <summary>The namespaces (and their subdomains) the kubelet may set (kubeletLabelNamespaces).</summary>
    private static readonly string[] KubeletNamespaces = ["kubelet.kubernetes.io", "node.kubernetes.io"];

    public static void Check(ClusterSpec spec, ProblemCollector p)
    {
        for (var i = 0; i < spec.Nodes.Count; i++)
        {
            var node = spec.Nodes[i];
            if (node is null) continue;
            foreach (var (key, value) in node.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                var field = $"nodes[{i}].labels[{key}]";
                if (KeyProblem(key) is { } keyProblem)
                {
                    p.Error(ProblemCodes.LabelKeyInvalid, field, $"Label key '{key}' of node '{node.Name}' is not a valid label key: {keyProblem}.",
                        "Use an optional DNS-subdomain prefix and '/', then a name of at most 63 characters of letters, digits, '-', '_' and '.', e.g. 'example.com/tier'.");
                    continue;
                }

                if (value is null || ValueProblem(value) is not null)
                    p.Error(ProblemCodes.LabelValueInvalid, field, $"Label value '{value}' of node '{node.Name}' is not a valid label value: {(value is null ? "it is null" : ValueProblem(value))}.",
                        "Use at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit (or an empty value).");

                if (IsKubernetesLabel(key) && !IsKubeletLabel(key))
                    p.Error(ProblemCodes.LabelNamespaceRestricted, field,
                        $"The kubelet (1.16+) refuses to start with label '{key}': the kubernetes.io and k8s.io namespaces are reserved, and it may set only kubelet.kubernetes.io/*, node.kubernetes.io/* and a few well-known keys (node roles such as node-role.kubernetes.io/* are set by an administrator on the Node object, not by the kubelet).",
                        "Use your own prefix (e.g. 'example.com/role') or node.kubernetes.io/<name>; set node-role.kubernetes.io/* with kubectl label after the node joins.");
            }
        }
    }

    /// <summary>IsKubernetesLabel: the namespace is kubernetes.io, k8s.io or one of their subdomains.</summary>
    internal static bool IsKubernetesLabel(string key)
    {
        var ns = Namespace(key);
        return ns == "kubernetes.io" || ns.EndsWith(".kubernetes.io", StringComparison.Ordinal)
            || ns == "k8s.io" || ns.EndsWith(".k8s.io", StringComparison.Ordinal);
    }

    /// <summary>IsKubeletLabel: a well-known key, or a kubelet/node namespace (or subdomain of one).</summary>
    internal static bool IsKubeletLabel(string key)
    {
        if (KubeletLabels.Contains(key)) return true;
        var ns = Namespace(key);
        return KubeletNamespaces.Any(a => ns == a || ns.EndsWith("." + a, StringComparison.Ordinal));
    }

    private static string Namespace(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? "" : key[..slash];
    }

    /// <summary>Why the key is not a qualified name, or null.</summary>
    internal static string? KeyProblem(string? key)
    {
        if (string.IsNullOrEmpty(key)) return "it is empty";
        var parts = key.Split('/');
        if (parts.Length > 2) return "it has more than one '/'";
        var name = parts[^1];
        if (parts.Length == 2)
        {
            var prefix = parts[0];
            if (prefix.Length == 0) return "the prefix before '/' is empty";
            if (prefix.Length > 253 || !prefix.Split('.').All(NetworkMath.IsDnsLabel)) return $"the prefix '{prefix}' is not a lowercase DNS subdomain";
        }

        if (name.Length == 0) return "the name is empty";
        if (name.Length > 63) return "the name is longer than 63 characters";
        return IsNamePart(name) ? null : "the name must consist of letters, digits, '-', '_' or '.', and start and end with a letter or digit";
    }

    /// <summary>Why the value is not a label value, or null.</summary>
    internal static string? ValueProblem(string value)
    {
        if (value.Length == 0) return null;
        if (value.Length > 63) return "it is longer than 63 characters";
        return IsNamePart(value) ? null : "it must consist of letters, digits, '-', '_' or '.', and start and end with a letter or digit";
    }

    private static bool IsNamePart(string s) =>
        char.IsAsciiLetterOrDigit(s[0]) && char.IsAsciiLetterOrDigit(s[^1])
        && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
