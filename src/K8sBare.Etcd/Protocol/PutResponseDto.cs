using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>PutResponse.</summary>
internal sealed class PutResponseDto
{
    [JsonPropertyName("header")] public ResponseHeaderDto? Header { get; set; }
    [JsonPropertyName("prev_kv")] public KeyValueDto? PrevKv { get; set; }
    [JsonPropertyName("prevKv")] public KeyValueDto? PrevKvCamel { get => default; set => PrevKv = value; }
}
