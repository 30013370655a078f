using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>SnapshotResponse chunk.</summary>
internal sealed class SnapshotResponseDto
{
    [JsonPropertyName("remaining_bytes")] public ulong RemainingBytes { get; set; }
    [JsonPropertyName("remainingBytes")] public ulong RemainingBytesCamel { get => default; set => RemainingBytes = value; }
    [JsonPropertyName("blob")] public string? Blob { get; set; }
}
