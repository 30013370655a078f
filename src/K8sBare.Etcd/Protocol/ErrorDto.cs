using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>The gateway's error body: {"error","message","code"} (also inside stream envelopes).</summary>
internal sealed class ErrorDto
{
    [JsonPropertyName("error")] public string? Error { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("code")] public int Code { get; set; }
    [JsonPropertyName("grpc_code")] public int GrpcCode { get => default; set => Code = value; }
    [JsonPropertyName("http_code")] public int HttpCode { get; set; }
}
