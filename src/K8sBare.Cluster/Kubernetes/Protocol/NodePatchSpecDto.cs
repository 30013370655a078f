using System.Text.Json.Serialization;

namespace K8sBare.Cluster.Kubernetes.Protocol;

/// <summary>The spec part of <see cref="NodePatchDto"/>; null removes the field (uncordon).</summary>
internal sealed class NodePatchSpecDto
{
    [JsonPropertyName("unschedulable")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public bool? Unschedulable { get; set; }
}
