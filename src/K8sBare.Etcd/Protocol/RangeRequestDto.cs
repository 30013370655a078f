using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>RangeRequest (POST /v3/kv/range).</summary>
internal sealed class RangeRequestDto
{
    [JsonPropertyName("key")] public string? Key { get; set; }
    [JsonPropertyName("range_end")] public string? RangeEnd { get; set; }
    [JsonPropertyName("limit")] public long Limit { get; set; }
    [JsonPropertyName("serializable")] public bool Serializable { get; set; }
    [JsonPropertyName("keys_only")] public bool KeysOnly { get; set; }
    [JsonPropertyName("count_only")] public bool CountOnly { get; set; }
}
