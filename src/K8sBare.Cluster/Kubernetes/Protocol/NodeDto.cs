using System.Text.Json.Serialization;

namespace K8sBare.Cluster.Kubernetes.Protocol;

/// <summary>core/v1 Node (subset).</summary>
internal sealed class NodeDto
{
    [JsonPropertyName("metadata")] public ObjectMetaDto? Metadata { get; set; }
    [JsonPropertyName("spec")] public NodeSpecDto? Spec { get; set; }
    [JsonPropertyName("status")] public NodeStatusDto? Status { get; set; }
}
