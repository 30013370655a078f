using System.Text.Json.Serialization;

namespace K8sBare.Cluster.Kubernetes.Protocol;

/// <summary>core/v1 NodeSystemInfo (subset).</summary>
internal sealed class NodeInfoDto
{
    [JsonPropertyName("kubeletVersion")] public string? KubeletVersion { get; set; }
    [JsonPropertyName("containerRuntimeVersion")] public string? ContainerRuntimeVersion { get; set; }
}
