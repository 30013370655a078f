using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>mvccpb.KeyValue: key and value are base64.</summary>
internal sealed class KeyValueDto
{
    [JsonPropertyName("key")] public string? Key { get; set; }
    [JsonPropertyName("value")] public string? Value { get; set; }
    [JsonPropertyName("create_revision")] public long CreateRevision { get; set; }
    [JsonPropertyName("createRevision")] public long CreateRevisionCamel { get => default; set => CreateRevision = value; }
    [JsonPropertyName("mod_revision")] public long ModRevision { get; set; }
    [JsonPropertyName("modRevision")] public long ModRevisionCamel { get => default; set => ModRevision = value; }
    [JsonPropertyName("version")] public long Version { get; set; }
    [JsonPropertyName("lease")] public long Lease { get; set; }
}
