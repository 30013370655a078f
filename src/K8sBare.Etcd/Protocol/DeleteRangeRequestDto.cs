using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>DeleteRangeRequest (POST /v3/kv/deleterange).</summary>
internal sealed class DeleteRangeRequestDto
{
    [JsonPropertyName("key")] public string? Key { get; set; }
    [JsonPropertyName("range_end")] public string? RangeEnd { get; set; }
    [JsonPropertyName("prev_kv")] public bool PrevKv { get; set; }
}
