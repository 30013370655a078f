using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>One line of the watch stream.</summary>
internal sealed class WatchEnvelopeDto
{
    [JsonPropertyName("result")] public WatchResponseDto? Result { get; set; }
    [JsonPropertyName("error")] public ErrorDto? Error { get; set; }
}
