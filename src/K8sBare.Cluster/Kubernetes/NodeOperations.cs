using System.Diagnostics;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace K8sBare.Cluster.Kubernetes;

/// <summary>Node readiness, cordon and uncordon on the official client.</summary>
public static class NodeOperations
{
    /// <summary>True when the node's <c>Ready</c> condition is <c>True</c>.</summary>
    /// <param name="node">A node from the API.</param>
    public static bool IsReady(this V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
    }

    /// <summary>Marks the node unschedulable (kubectl cordon): a strategic merge patch of <c>spec.unschedulable: true</c>. Running pods stay.</summary>
    /// <param name="client">The official client.</param>
    /// <param name="nodeName">The node.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The node as the server returned it.</returns>
    /// <exception cref="HttpOperationException">The API refused it (404 when there is no such node).</exception>
    public static Task<V1Node> CordonNodeAsync(this IKubernetes client, string nodeName, CancellationToken cancellationToken = default) =>
        SetUnschedulableAsync(client, nodeName, true, cancellationToken);

    /// <summary>Makes the node schedulable again (kubectl uncordon): <c>spec.unschedulable</c> is removed.</summary>
    /// <param name="client">The official client.</param>
    /// <param name="nodeName">The node.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The node as the server returned it.</returns>
    /// <exception cref="HttpOperationException">The API refused it (404 when there is no such node).</exception>
    public static Task<V1Node> UncordonNodeAsync(this IKubernetes client, string nodeName, CancellationToken cancellationToken = default) =>
        SetUnschedulableAsync(client, nodeName, false, cancellationToken);

    /// <summary>
    /// Waits until every node in <paramref name="nodeNames"/> is registered and <c>Ready</c>, reading the node list every
    /// <paramref name="pollInterval"/> (default 2 s). Transient API errors are retried until the timeout.
    /// </summary>
    /// <param name="client">The official client.</param>
    /// <param name="nodeNames">The nodes to wait for (names as registered, usually the host names).</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="pollInterval">Time between reads; null for 2 s.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The nodes, Ready, ordered by name.</returns>
    /// <exception cref="NodesNotReadyException">The timeout passed; it names every node still not Ready and why (not registered, or the Ready condition's reason and message).</exception>
    public static async Task<IReadOnlyList<V1Node>> WaitForNodesReadyAsync(this IKubernetes client, IEnumerable<string> nodeNames, TimeSpan timeout,
        TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(nodeNames);
        var wanted = nodeNames.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var interval = pollInterval ?? TimeSpan.FromSeconds(2);
        var sw = Stopwatch.StartNew();
        var why = wanted.ToDictionary(n => n, _ => "not registered", StringComparer.Ordinal);
        while (true)
        {
            try
            {
                var list = await client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                var byName = list.Items.ToDictionary(n => n.Metadata.Name, StringComparer.Ordinal);
                why.Clear();
                foreach (var name in wanted)
                {
                    if (!byName.TryGetValue(name, out var node)) why[name] = "not registered";
                    else if (!node.IsReady()) why[name] = NotReadyReason(node);
                }
                if (why.Count == 0) return [.. wanted.Select(n => byName[n])];
            }
            catch (HttpOperationException ex)
            {
                foreach (var name in wanted) why.TryAdd(name, "unknown");
                why["(API)"] = ex.Describe();
            }
            catch (HttpRequestException ex)
            {
                why["(API)"] = ex.Message;
            }

            if (sw.Elapsed >= timeout) throw new NodesNotReadyException(timeout, why);
            var wait = timeout - sw.Elapsed;
            await Task.Delay(wait < interval ? wait : interval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string NotReadyReason(V1Node node)
    {
        var ready = node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
        return ready is null
            ? "no Ready condition yet (the kubelet has not reported)"
            : $"Ready={ready.Status}{(string.IsNullOrEmpty(ready.Reason) ? "" : $" ({ready.Reason})")}{(string.IsNullOrEmpty(ready.Message) ? "" : $": {ready.Message}")}";
    }

    private static async Task<V1Node> SetUnschedulableAsync(IKubernetes client, string nodeName, bool unschedulable, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeName);
        var patch = new V1Patch(unschedulable ? """{"spec":{"unschedulable":true}}""" : """{"spec":{"unschedulable":null}}""", V1Patch.PatchType.StrategicMergePatch);
        return await client.CoreV1.PatchNodeAsync(patch, nodeName, cancellationToken: ct).ConfigureAwait(false);
    }
}
