using System.Text.Json.Serialization;

namespace K8sBare.Cluster.Kubernetes.Protocol;

/// <summary>core/v1 Taint.</summary>
internal sealed class TaintDto
{
    [JsonPropertyName("key")] public string? Key { get; set; }
    [JsonPropertyName("value")] public string? Value { get; set; }
    [JsonPropertyName("effect")] public string? Effect { get; set; }
}
