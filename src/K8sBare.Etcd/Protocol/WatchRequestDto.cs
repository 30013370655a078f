using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>WatchRequest (POST /v3/watch, streamed response).</summary>
internal sealed class WatchRequestDto
{
    [JsonPropertyName("create_request")] public WatchCreateRequestDto? CreateRequest { get; set; }
}
