using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>Compare: result EQUAL/GREATER/LESS/NOT_EQUAL, target VERSION/CREATE/MOD/VALUE/LEASE.</summary>
internal sealed class CompareDto
{
    [JsonPropertyName("key")] public string? Key { get; set; }
    [JsonPropertyName("result")] public string? Result { get; set; }
    [JsonPropertyName("target")] public string? Target { get; set; }
    [JsonPropertyName("value")] public string? Value { get; set; }
    [JsonPropertyName("mod_revision")] public long? ModRevision { get; set; }
    [JsonPropertyName("create_revision")] public long? CreateRevision { get; set; }
    [JsonPropertyName("version")] public long? Version { get; set; }
}
