using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>Lease grant/revoke/keepalive/timetolive request and response (one shape covers them all).</summary>
internal sealed class LeaseDto
{
    [JsonPropertyName("header")] public ResponseHeaderDto? Header { get; set; }
    [JsonPropertyName("ID")] public long Id { get; set; }
    [JsonPropertyName("TTL")] public long Ttl { get; set; }
    [JsonPropertyName("grantedTTL")] public long GrantedTtl { get; set; }
    [JsonPropertyName("keys")] public List<string>? Keys { get; set; }
    [JsonPropertyName("error")] public string? Error { get; set; }
}
