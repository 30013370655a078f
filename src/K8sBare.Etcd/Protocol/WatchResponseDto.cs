using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>WatchResponse.</summary>
internal sealed class WatchResponseDto
{
    [JsonPropertyName("header")] public ResponseHeaderDto? Header { get; set; }
    [JsonPropertyName("created")] public bool Created { get; set; }
    [JsonPropertyName("canceled")] public bool Canceled { get; set; }
    [JsonPropertyName("compact_revision")] public long CompactRevision { get; set; }
    [JsonPropertyName("compactRevision")] public long CompactRevisionCamel { get => default; set => CompactRevision = value; }
    [JsonPropertyName("cancel_reason")] public string? CancelReason { get; set; }
    [JsonPropertyName("cancelReason")] public string? CancelReasonCamel { get => default; set => CancelReason = value; }
    [JsonPropertyName("events")] public List<WatchEventDto>? Events { get; set; }
}
