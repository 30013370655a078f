using System.Text.Json;
using k8s;
using k8s.Models;

namespace K8sBare.Cluster.Kubernetes;

/// <summary>
/// Which of a node's pods a drain could not evict now because a PodDisruptionBudget allows no disruption — read before
/// anything changes, so a removal can be refused with the budget named instead of cordoning and waiting for a 429 to clear.
/// </summary>
public static class DisruptionBudgets
{
    /// <summary>
    /// The pods on <paramref name="nodeName"/> a drain would evict (not mirror, DaemonSet or finished pods; not Pending or
    /// terminating ones either, which the server evicts whatever the budget) that a
    /// PodDisruptionBudget selecting them forbids evicting now (<c>status.disruptionsAllowed</c> is 0), each with the
    /// budget's namespace/name and its healthy and desired counts. Reads only. The budgets are read in the version the
    /// server serves (<c>policy/v1</c>, or <c>policy/v1beta1</c> before 1.21, where an empty selector selects nothing).
    /// </summary>
    /// <param name="client">The official client.</param>
    /// <param name="nodeName">The node.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The blocked pods (empty when every eviction would be allowed now).</returns>
    /// <exception cref="k8s.Autorest.HttpOperationException">The API refused a read.</exception>
    public static async Task<IReadOnlyList<DrainPod>> FindBlockedEvictionsAsync(IKubernetes client, string nodeName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeName);
        var pods = (await client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: $"spec.nodeName={nodeName}", cancellationToken: cancellationToken).ConfigureAwait(false))
            .Items.Where(p => NodeDrain.WouldEvict(p) && !IgnoresBudgets(p)).ToList();
        if (pods.Count == 0) return [];
        var mapper = new KubernetesResourceMapper(client);
        string version;
        try
        {
            version = (await mapper.ServedAsync("policy/v1", cancellationToken).ConfigureAwait(false)).Any(r => r.Name == "poddisruptionbudgets") ? "v1" : "v1beta1";
        }
        catch (NotSupportedException)
        {
            version = "v1beta1";
        }

        var raw = await client.CustomObjects.ListClusterCustomObjectAsync("policy", version, "poddisruptionbudgets", cancellationToken: cancellationToken).ConfigureAwait(false);
        var budgets = KubernetesJson.Deserialize<V1PodDisruptionBudgetList>(raw is JsonElement e ? e.GetRawText() : KubernetesJson.Serialize(raw));
        var blocked = new List<DrainPod>();
        foreach (var pod in pods.OrderBy(p => p.Metadata.NamespaceProperty, StringComparer.Ordinal).ThenBy(p => p.Metadata.Name, StringComparer.Ordinal))
        {
            foreach (var pdb in budgets.Items.Where(b => b.Metadata.NamespaceProperty == pod.Metadata.NamespaceProperty))
            {
                if (!Selects(pdb.Spec?.Selector, pod.Metadata.Labels, emptySelectsAll: version == "v1")) continue;
                if ((pdb.Status?.DisruptionsAllowed ?? 0) > 0) continue;
                blocked.Add(new DrainPod(pod.Metadata.NamespaceProperty, pod.Metadata.Name,
                    $"PodDisruptionBudget {pdb.Metadata.NamespaceProperty}/{pdb.Metadata.Name} allows no disruption now " +
                    $"({pdb.Status?.CurrentHealthy ?? 0} healthy, {pdb.Status?.DesiredHealthy ?? 0} desired)"));
                break;
            }
        }

        return blocked;
    }

    /// <summary>Pods the server evicts whatever the budget (kube-apiserver's canIgnorePDB): Pending or already terminating ones.</summary>
    private static bool IgnoresBudgets(V1Pod pod) => pod.Status?.Phase is "Pending" or null || pod.Metadata.DeletionTimestamp is not null;

    /// <summary>
    /// Whether <paramref name="selector"/> selects a pod with <paramref name="labels"/> (matchLabels and matchExpressions
    /// with In, NotIn, Exists and DoesNotExist, as the API server evaluates them).
    /// </summary>
    /// <param name="selector">The label selector; null or empty selects everything when <paramref name="emptySelectsAll"/>, else nothing.</param>
    /// <param name="labels">The pod's labels (null: none).</param>
    /// <param name="emptySelectsAll">policy/v1 budgets: true; policy/v1beta1 budgets: false.</param>
    /// <exception cref="ArgumentException">An operator outside In, NotIn, Exists and DoesNotExist.</exception>
    public static bool Selects(V1LabelSelector? selector, IDictionary<string, string>? labels, bool emptySelectsAll = true)
    {
        labels ??= new Dictionary<string, string>();
        if (selector is null || ((selector.MatchLabels?.Count ?? 0) == 0 && (selector.MatchExpressions?.Count ?? 0) == 0)) return emptySelectsAll;
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
            if (!labels.TryGetValue(key, out var v) || v != value) return false;
        foreach (var r in selector.MatchExpressions ?? [])
        {
            var has = labels.TryGetValue(r.Key, out var v);
            var values = r.Values ?? [];
            var ok = r.OperatorProperty switch
            {
                "In" => has && values.Contains(v!),
                "NotIn" => !has || !values.Contains(v!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => throw new ArgumentException($"Label selector operator '{r.OperatorProperty}' is not one of In, NotIn, Exists, DoesNotExist.", nameof(selector)),
            };
            if (!ok) return false;
        }

        return true;
    }
}
