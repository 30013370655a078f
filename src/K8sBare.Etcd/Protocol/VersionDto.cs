using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>GET /version.</summary>
internal sealed class VersionDto
{
    [JsonPropertyName("etcdserver")] public string? Server { get; set; }
    [JsonPropertyName("etcdcluster")] public string? Cluster { get; set; }
}
