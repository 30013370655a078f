using System.Text.Json.Serialization;

namespace K8sBare.Cluster.Kubernetes.Protocol;

/// <summary>policy/v1 Eviction.</summary>
internal sealed class EvictionDto
{
    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = "policy/v1";
    [JsonPropertyName("kind")] public string Kind { get; set; } = "Eviction";
    [JsonPropertyName("metadata")] public ObjectMetaDto? Metadata { get; set; }
    [JsonPropertyName("deleteOptions")] public DeleteOptionsDto? DeleteOptions { get; set; }
}
