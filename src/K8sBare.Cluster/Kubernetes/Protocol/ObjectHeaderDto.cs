using System.Text.Json.Serialization;

namespace K8sBare.Cluster.Kubernetes.Protocol;

/// <summary>Any API object (or a meta.k8s.io/v1 PartialObjectMetadata) read for its metadata only.</summary>
internal sealed class ObjectHeaderDto
{
    [JsonPropertyName("apiVersion")] public string? ApiVersion { get; set; }
    [JsonPropertyName("kind")] public string? Kind { get; set; }
    [JsonPropertyName("metadata")] public ObjectMetaDto? Metadata { get; set; }
}
