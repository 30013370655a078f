using System.Text.Json.Serialization;

namespace K8sBare.Cluster.Kubernetes.Protocol;

/// <summary>The strategic-merge patch kubectl cordon/uncordon sends: {"spec":{"unschedulable":…}}.</summary>
internal sealed class NodePatchDto
{
    [JsonPropertyName("spec")] public NodePatchSpecDto Spec { get; set; } = new();
}
