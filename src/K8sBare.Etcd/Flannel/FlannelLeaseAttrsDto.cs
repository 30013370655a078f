using System.Text.Json;
using System.Text.Json.Serialization;

namespace K8sBare.Etcd;

/// <summary>flannel's lease.LeaseAttrs JSON.</summary>
internal sealed class FlannelLeaseAttrsDto
{
    [JsonPropertyName("PublicIP")] public string? PublicIP { get; set; }
    [JsonPropertyName("PublicIPv6")] public string? PublicIPv6 { get; set; }
    [JsonPropertyName("BackendType")] public string? BackendType { get; set; }
    [JsonPropertyName("BackendData")] public JsonElement BackendData { get; set; }
}
