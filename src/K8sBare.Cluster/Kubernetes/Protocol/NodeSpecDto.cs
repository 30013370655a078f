using System.Text.Json.Serialization;

namespace K8sBare.Cluster.Kubernetes.Protocol;

/// <summary>core/v1 NodeSpec (subset).</summary>
internal sealed class NodeSpecDto
{
    [JsonPropertyName("unschedulable")] public bool Unschedulable { get; set; }
    [JsonPropertyName("podCIDR")] public string? PodCidr { get; set; }
    [JsonPropertyName("taints")] public List<TaintDto>? Taints { get; set; }
}
