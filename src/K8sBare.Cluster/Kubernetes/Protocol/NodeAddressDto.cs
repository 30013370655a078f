using System.Text.Json.Serialization;

namespace K8sBare.Cluster.Kubernetes.Protocol;

/// <summary>core/v1 NodeAddress.</summary>
internal sealed class NodeAddressDto
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("address")] public string? Address { get; set; }
}
