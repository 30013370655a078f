using System.Text.Json.Serialization;

namespace K8sBare.Cluster.Kubernetes.Protocol;

/// <summary>version.Info from GET /version.</summary>
internal sealed class VersionDto
{
    [JsonPropertyName("major")] public string? Major { get; set; }
    [JsonPropertyName("minor")] public string? Minor { get; set; }
    [JsonPropertyName("gitVersion")] public string? GitVersion { get; set; }
    [JsonPropertyName("platform")] public string? Platform { get; set; }
}
