using System.Diagnostics;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sBare.Cluster.Kubernetes;

/// <summary>
/// kubectl drain on the official client: refuse unsafe pods first, cordon, evict through the Eviction API version the
/// server serves (PodDisruptionBudgets honoured: a 429 is retried until the timeout), skip DaemonSet and mirror pods,
/// wait until the evicted pods are gone, and on timeout report every pod left and why.
/// </summary>
public static class NodeDrain
{
    /// <summary>The annotation the kubelet puts on the API mirror of a static pod.</summary>
    public const string MirrorPodAnnotation = "kubernetes.io/config.mirror";

    /// <summary>
    /// Drains <paramref name="nodeName"/>. Before anything changes, the node's pods are listed and classified: mirror pods
    /// and DaemonSet pods are skipped; pods no controller manages (unless <see cref="DrainOptions.Force"/>) and pods with
    /// emptyDir volumes (unless <see cref="DrainOptions.DeleteEmptyDirData"/>) refuse the drain. Then the node is cordoned
    /// and every other pod evicted and waited for until it is gone (deleted, or replaced by a pod with another UID).
    /// The node stays cordoned afterwards (<see cref="NodeOperations.UncordonNodeAsync"/> undoes it).
    /// </summary>
    /// <param name="client">The official client.</param>
    /// <param name="nodeName">The node.</param>
    /// <param name="options">Timeout, grace period, force; null for the defaults.</param>
    /// <param name="logger">Optional logger (one line per eviction and refusal).</param>
    /// <param name="cancellationToken">Cancels the drain (the node stays cordoned, evictions already accepted stay accepted).</param>
    /// <returns>The pods evicted and skipped.</returns>
    /// <exception cref="NodeDrainException">Refused before anything changed, an eviction failed, or the timeout passed with pods left (each named with why).</exception>
    /// <exception cref="HttpOperationException">Listing the pods or cordoning failed (404: no such node).</exception>
    public static async Task<DrainReport> DrainNodeAsync(this IKubernetes client, string nodeName, DrainOptions? options = null, ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeName);
        options ??= new DrainOptions();
        var log = logger ?? NullLogger.Instance;
        var sw = Stopwatch.StartNew();

        // The node must exist (a typo must not "drain" nothing successfully).
        await client.CoreV1.ReadNodeAsync(nodeName, cancellationToken: cancellationToken).ConfigureAwait(false);
        var version = await EvictionApi.DiscoverVersionAsync(client, cancellationToken).ConfigureAwait(false);
        var pods = await client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: $"spec.nodeName={nodeName}", cancellationToken: cancellationToken)
            .ConfigureAwait(false);

        var skipped = new List<DrainPod>();
        var refused = new List<DrainPod>();
        var toEvict = new List<V1Pod>();
        foreach (var pod in pods.Items.OrderBy(p => p.Metadata.NamespaceProperty, StringComparer.Ordinal).ThenBy(p => p.Metadata.Name, StringComparer.Ordinal))
        {
            var (ns, name) = (pod.Metadata.NamespaceProperty, pod.Metadata.Name);
            var controller = pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
            if (pod.Metadata.Annotations?.ContainsKey(MirrorPodAnnotation) == true)
                skipped.Add(new DrainPod(ns, name, "mirror pod of a static pod (the kubelet on the node owns it)"));
            else if (controller?.Kind == "DaemonSet")
                skipped.Add(new DrainPod(ns, name, $"managed by DaemonSet {ns}/{controller.Name} (its controller ignores unschedulable)"));
            else if (IsFinished(pod))
                toEvict.Add(pod);
            else if (controller is null && !options.Force)
                refused.Add(new DrainPod(ns, name, "no controller manages it, so it would not be recreated elsewhere; set DrainOptions.Force to evict it anyway"));
            else if (pod.Spec.Volumes?.Any(v => v.EmptyDir is not null) == true && !options.DeleteEmptyDirData)
                refused.Add(new DrainPod(ns, name, "has emptyDir volumes whose data would be lost; set DrainOptions.DeleteEmptyDirData to evict it anyway"));
            else
                toEvict.Add(pod);
        }

        DrainReport Report(IEnumerable<DrainPod> evicted) =>
            new() { Node = nodeName, EvictionApiVersion = version, Evicted = [.. evicted], Skipped = skipped, Elapsed = sw.Elapsed };

        if (refused.Count > 0)
            throw new NodeDrainException(nodeName, $"Drain of node '{nodeName}' refused before anything changed (the node is not cordoned):", refused, false, Report([]));

        await client.CordonNodeAsync(nodeName, cancellationToken).ConfigureAwait(false);
        log.LogInformation("Drain {Node}: cordoned; evicting {Count} pod(s) through {Version}, skipping {Skipped}", nodeName, toEvict.Count, version, skipped.Count);

        var evictedGone = new List<DrainPod>();
        var waiting = toEvict.ToDictionary(p => Key(p), p => (Pod: p, Evicted: false, Reason: "not evicted yet"), StringComparer.Ordinal);
        while (true)
        {
            foreach (var key in waiting.Keys.ToList())
            {
                var (pod, evicted, _) = waiting[key];
                var (ns, name) = (pod.Metadata.NamespaceProperty, pod.Metadata.Name);
                if (!evicted)
                {
                    try
                    {
                        await client.CoreV1.CreateNamespacedPodEvictionAsync(Eviction(pod, version, options.GracePeriod), name, ns, cancellationToken: cancellationToken)
                            .ConfigureAwait(false);
                        log.LogInformation("Drain {Node}: evicted {Namespace}/{Pod}", nodeName, ns, name);
                        waiting[key] = (pod, true, "evicted; waiting for it to terminate");
                    }
                    catch (HttpOperationException ex) when (ex.IsNotFound())
                    {
                        waiting.Remove(key);
                        evictedGone.Add(new DrainPod(ns, name, "already gone"));
                        continue;
                    }
                    catch (HttpOperationException ex) when (ex.Code() == HttpStatusCode.TooManyRequests)
                    {
                        // A PodDisruptionBudget forbids it now (or is not processed yet): retry until the timeout.
                        waiting[key] = (pod, false, $"eviction refused by a PodDisruptionBudget: {ex.Describe()}");
                        log.LogDebug("Drain {Node}: eviction of {Namespace}/{Pod} refused: {Why}", nodeName, ns, name, ex.Describe());
                        continue;
                    }
                    catch (HttpOperationException ex)
                    {
                        var left = waiting.Values.Select(w => new DrainPod(w.Pod.Metadata.NamespaceProperty, w.Pod.Metadata.Name,
                            w.Pod == pod ? $"eviction through {version} failed: {ex.Describe()}" : w.Reason)).ToList();
                        throw new NodeDrainException(nodeName, $"Drain of node '{nodeName}' stopped: the API rejected an eviction (the node stays cordoned):",
                            left, false, Report(evictedGone), ex);
                    }
                }

                var current = await ReadPodAsync(client, ns, name, cancellationToken).ConfigureAwait(false);
                if (current is null || current.Metadata.Uid != pod.Metadata.Uid)
                {
                    waiting.Remove(key);
                    evictedGone.Add(new DrainPod(ns, name, "evicted"));
                }
                else if (current.Metadata.DeletionTimestamp is { } since)
                {
                    waiting[key] = (pod, true,
                        $"evicted; terminating since {since:u} (grace period {current.Metadata.DeletionGracePeriodSeconds ?? 0} s) — the kubelet on {nodeName} has not confirmed that its containers stopped");
                }
            }

            if (waiting.Count == 0)
            {
                var done = Report(evictedGone);
                log.LogInformation("Drain {Node}: done in {Elapsed}; {Evicted} evicted, {Skipped} skipped", nodeName, done.Elapsed, done.Evicted.Count, done.Skipped.Count);
                return done;
            }

            if (sw.Elapsed >= options.Timeout)
            {
                var left = waiting.Values.Select(w => new DrainPod(w.Pod.Metadata.NamespaceProperty, w.Pod.Metadata.Name, w.Reason)).ToList();
                throw new NodeDrainException(nodeName,
                    $"Drain of node '{nodeName}' timed out after {options.Timeout.TotalSeconds:0.#} s with {left.Count} pod(s) left (the node stays cordoned):",
                    left, true, Report(evictedGone));
            }

            var remaining = options.Timeout - sw.Elapsed;
            await Task.Delay(remaining < options.PollInterval ? remaining : options.PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>True for a running pod a drain evicts (not a mirror pod, not a DaemonSet's, not finished).</summary>
    internal static bool WouldEvict(V1Pod pod) =>
        pod.Metadata.Annotations?.ContainsKey(MirrorPodAnnotation) != true
        && pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true)?.Kind != "DaemonSet"
        && !IsFinished(pod);

    private static string Key(V1Pod p) => $"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}";

    private static bool IsFinished(V1Pod p) => p.Status?.Phase is "Succeeded" or "Failed";

    private static V1Eviction Eviction(V1Pod pod, string apiVersion, TimeSpan? grace) => new()
    {
        // The body's apiVersion selects the Eviction version (the URL is the same): policy/v1beta1 on servers before 1.22.
        ApiVersion = apiVersion,
        Kind = "Eviction",
        Metadata = new V1ObjectMeta { Name = pod.Metadata.Name, NamespaceProperty = pod.Metadata.NamespaceProperty },
        DeleteOptions = grace is { } g ? new V1DeleteOptions { GracePeriodSeconds = (long)Math.Ceiling(g.TotalSeconds) } : null,
    };

    private static async Task<V1Pod?> ReadPodAsync(IKubernetes client, string ns, string name, CancellationToken ct)
    {
        try
        {
            return await client.CoreV1.ReadNamespacedPodAsync(name, ns, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.IsNotFound())
        {
            return null;
        }
    }
}
