using System.Text.Json.Serialization;

namespace K8sBare.Cluster.Kubernetes.Protocol;

/// <summary>Source-generated JSON for the API objects this client uses.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NodeDto))]
[JsonSerializable(typeof(NodeListDto))]
[JsonSerializable(typeof(ConfigMapDto))]
[JsonSerializable(typeof(StatusDto))]
[JsonSerializable(typeof(EvictionDto))]
[JsonSerializable(typeof(VersionDto))]
[JsonSerializable(typeof(NodePatchDto))]
[JsonSerializable(typeof(ObjectHeaderDto))]
internal sealed partial class KubernetesJsonContext : JsonSerializerContext
{
}
