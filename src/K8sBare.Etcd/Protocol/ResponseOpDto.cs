using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>ResponseOp of a transaction.</summary>
internal sealed class ResponseOpDto
{
    [JsonPropertyName("response_range")] public RangeResponseDto? ResponseRange { get; set; }
    [JsonPropertyName("responseRange")] public RangeResponseDto? ResponseRangeCamel { get => default; set => ResponseRange = value; }
    [JsonPropertyName("response_put")] public PutResponseDto? ResponsePut { get; set; }
    [JsonPropertyName("responsePut")] public PutResponseDto? ResponsePutCamel { get => default; set => ResponsePut = value; }
}
