using System.Text.Json.Serialization;

namespace K8sBare.Cluster.Kubernetes.Protocol;

/// <summary>metav1.ObjectMeta (the fields this client reads or writes).</summary>
internal sealed class ObjectMetaDto
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("namespace")] public string? Namespace { get; set; }
    [JsonPropertyName("resourceVersion")] public string? ResourceVersion { get; set; }
    [JsonPropertyName("uid")] public string? Uid { get; set; }
    [JsonPropertyName("labels")] public Dictionary<string, string>? Labels { get; set; }
}
