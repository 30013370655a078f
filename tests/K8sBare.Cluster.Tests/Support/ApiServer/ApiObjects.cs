using k8s;
using k8s.Models;
using K8sBare.Cluster.Kubernetes;

namespace K8sBare.Cluster.Tests.Support.ApiServer;

/// <summary>
/// Creates the objects a kubelet and the controllers would, on a server that runs neither: Node objects with the
/// status a kubelet reports, a namespace with its default ServiceAccount, pods bound to a node and their status.
/// </summary>
internal static class ApiObjects
{
    /// <summary>A name with a unique suffix (tests share one server).</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <summary>Registers a node (as a kubelet does), with no conditions yet.</summary>
    public static Task<V1Node> CreateNodeAsync(IKubernetes client, string name) =>
        client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name } } });

    /// <summary>Sets the node's Ready condition through the status subresource, as the kubelet's status update does.</summary>
    public static Task<V1Node> SetReadyAsync(IKubernetes client, string name, bool ready, string reason, string message)
    {
        var now = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var patch = $$$"""{"status":{"conditions":[{"type":"Ready","status":"{{{(ready ? "True" : "False")}}}","reason":"{{{reason}}}","message":"{{{message}}}","lastHeartbeatTime":"{{{now}}}","lastTransitionTime":"{{{now}}}"}]}}""";
        return client.CoreV1.PatchNodeStatusAsync(new V1Patch(patch, V1Patch.PatchType.StrategicMergePatch), name);
    }

    /// <summary>A namespace with its <c>default</c> ServiceAccount (the controller-manager would create it; admission requires it).</summary>
    public static async Task<string> CreateNamespaceAsync(IKubernetes client, string prefix)
    {
        var ns = Unique(prefix);
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        await client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "default" } }, ns);
        return ns;
    }

    /// <summary>A pod bound to <paramref name="node"/> directly (no scheduler), optionally owned by a controller, with labels and annotations.</summary>
    public static Task<V1Pod> CreatePodAsync(IKubernetes client, string ns, string name, string node, string? ownerKind = null,
        IDictionary<string, string>? labels = null, IDictionary<string, string>? annotations = null, bool emptyDir = false)
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = labels,
                Annotations = annotations,
                OwnerReferences = ownerKind is null ? null :
                [
                    new V1OwnerReference
                    {
                        ApiVersion = "apps/v1", Kind = ownerKind, Name = $"{name}-owner", Uid = Guid.NewGuid().ToString(), Controller = true, BlockOwnerDeletion = true,
                    },
                ],
            },
            Spec = new V1PodSpec
            {
                NodeName = node,
                AutomountServiceAccountToken = false,
                Containers = [new V1Container { Name = "main", Image = "k8sbare.test/busybox:1" }],
                Volumes = emptyDir ? [new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource() }] : null,
            },
        };
        return client.CoreV1.CreateNamespacedPodAsync(pod, ns);
    }

    /// <summary>Reports the pod Running and Ready through the status subresource, as its kubelet would.</summary>
    public static Task<V1Pod> SetRunningAsync(IKubernetes client, string ns, string name)
    {
        var now = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var patch = $$$"""{"status":{"phase":"Running","startTime":"{{{now}}}","conditions":[{"type":"Ready","status":"True","lastTransitionTime":"{{{now}}}"}]}}""";
        return client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(patch, V1Patch.PatchType.StrategicMergePatch), name, ns);
    }

    /// <summary>The PodDisruptionBudget version the server serves (policy/v1, else policy/v1beta1).</summary>
    public static async Task<string> PolicyVersionAsync(IKubernetes client)
    {
        var served = await new KubernetesResourceMapper(client).ServedAsync("policy/v1beta1");
        if (!served.Any(r => r.Kind == "PodDisruptionBudget")) throw new InvalidOperationException("the server serves no PodDisruptionBudget in policy/v1beta1");
        try
        {
            await new KubernetesResourceMapper(client).ResolveAsync("policy/v1", "PodDisruptionBudget");
            return "policy/v1";
        }
        catch (NotSupportedException)
        {
            return "policy/v1beta1";
        }
    }

    /// <summary>Writes a budget's status as the disruption controller (not running here) would.</summary>
    public static async Task SetBudgetStatusAsync(IKubernetes client, string policy, string ns, string name, int disruptionsAllowed, int healthy = 1, int desired = 1)
    {
        var generation = (await client.CustomObjects.GetNamespacedCustomObjectAsync("policy", policy["policy/".Length..], ns, "poddisruptionbudgets", name)) is System.Text.Json.JsonElement e
            ? e.GetProperty("metadata").GetProperty("generation").GetInt64() : 1;
        var status = $$$"""{"status":{"observedGeneration":{{{generation}}},"disruptionsAllowed":{{{disruptionsAllowed}}},"currentHealthy":{{{healthy}}},"desiredHealthy":{{{desired}}},"expectedPods":{{{healthy}}}}}""";
        await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(new V1Patch(status, V1Patch.PatchType.MergePatch), "policy", policy["policy/".Length..], ns,
            "poddisruptionbudgets", name);
    }
}
