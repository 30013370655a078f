using System.Text.Json.Serialization;

namespace K8sBare.Cluster.Kubernetes.Protocol;

/// <summary>core/v1 ConfigMap.</summary>
internal sealed class ConfigMapDto
{
    [JsonPropertyName("apiVersion")] public string? ApiVersion { get; set; }
    [JsonPropertyName("kind")] public string? Kind { get; set; }
    [JsonPropertyName("metadata")] public ObjectMetaDto? Metadata { get; set; }
    [JsonPropertyName("data")] public SortedDictionary<string, string>? Data { get; set; }
}
