using System.Text.Json.Serialization;

namespace K8sBare.Cluster.Kubernetes.Protocol;

/// <summary>core/v1 NodeList.</summary>
internal sealed class NodeListDto
{
    [JsonPropertyName("items")] public List<NodeDto>? Items { get; set; }
}
