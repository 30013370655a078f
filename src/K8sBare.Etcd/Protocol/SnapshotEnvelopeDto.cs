using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>One line of the snapshot stream: {"result":…} or {"error":…}.</summary>
internal sealed class SnapshotEnvelopeDto
{
    [JsonPropertyName("result")] public SnapshotResponseDto? Result { get; set; }
    [JsonPropertyName("error")] public ErrorDto? Error { get; set; }
}
