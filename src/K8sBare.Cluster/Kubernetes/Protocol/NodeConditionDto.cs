using System.Text.Json.Serialization;

namespace K8sBare.Cluster.Kubernetes.Protocol;

/// <summary>core/v1 NodeCondition.</summary>
internal sealed class NodeConditionDto
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
}
