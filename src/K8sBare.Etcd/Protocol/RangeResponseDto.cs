using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>RangeResponse.</summary>
internal sealed class RangeResponseDto
{
    [JsonPropertyName("header")] public ResponseHeaderDto? Header { get; set; }
    [JsonPropertyName("kvs")] public List<KeyValueDto>? Kvs { get; set; }
    [JsonPropertyName("more")] public bool More { get; set; }
    [JsonPropertyName("count")] public long Count { get; set; }
}
