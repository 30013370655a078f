using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>DeleteRangeResponse.</summary>
internal sealed class DeleteRangeResponseDto
{
    [JsonPropertyName("header")] public ResponseHeaderDto? Header { get; set; }
    [JsonPropertyName("deleted")] public long Deleted { get; set; }
}
