using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>WatchCreateRequest.</summary>
internal sealed class WatchCreateRequestDto
{
    [JsonPropertyName("key")] public string? Key { get; set; }
    [JsonPropertyName("range_end")] public string? RangeEnd { get; set; }
    [JsonPropertyName("start_revision")] public long StartRevision { get; set; }
    [JsonPropertyName("prev_kv")] public bool PrevKv { get; set; }
}
