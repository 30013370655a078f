using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>RequestOp: exactly one of the three requests.</summary>
internal sealed class RequestOpDto
{
    [JsonPropertyName("request_range")] public RangeRequestDto? RequestRange { get; set; }
    [JsonPropertyName("request_put")] public PutRequestDto? RequestPut { get; set; }
    [JsonPropertyName("request_delete_range")] public DeleteRangeRequestDto? RequestDeleteRange { get; set; }
}
