using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>PutRequest (POST /v3/kv/put).</summary>
internal sealed class PutRequestDto
{
    [JsonPropertyName("key")] public string? Key { get; set; }
    [JsonPropertyName("value")] public string? Value { get; set; }
    [JsonPropertyName("lease")] public long Lease { get; set; }
    [JsonPropertyName("prev_kv")] public bool PrevKv { get; set; }
}
