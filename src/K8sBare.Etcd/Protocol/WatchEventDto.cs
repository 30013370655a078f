using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>mvccpb.Event: type PUT (omitted, the default) or DELETE.</summary>
internal sealed class WatchEventDto
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("kv")] public KeyValueDto? Kv { get; set; }
    [JsonPropertyName("prev_kv")] public KeyValueDto? PrevKv { get; set; }
    [JsonPropertyName("prevKv")] public KeyValueDto? PrevKvCamel { get => default; set => PrevKv = value; }
}
