using System.Text.Json.Serialization;

namespace K8sBare.Cluster.Kubernetes.Protocol;

/// <summary>core/v1 NodeStatus (subset).</summary>
internal sealed class NodeStatusDto
{
    [JsonPropertyName("conditions")] public List<NodeConditionDto>? Conditions { get; set; }
    [JsonPropertyName("addresses")] public List<NodeAddressDto>? Addresses { get; set; }
    [JsonPropertyName("nodeInfo")] public NodeInfoDto? NodeInfo { get; set; }
}
