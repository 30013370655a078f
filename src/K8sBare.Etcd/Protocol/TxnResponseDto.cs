using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>TxnResponse.</summary>
internal sealed class TxnResponseDto
{
    [JsonPropertyName("header")] public ResponseHeaderDto? Header { get; set; }
    [JsonPropertyName("succeeded")] public bool Succeeded { get; set; }
    [JsonPropertyName("responses")] public List<ResponseOpDto>? Responses { get; set; }
}
