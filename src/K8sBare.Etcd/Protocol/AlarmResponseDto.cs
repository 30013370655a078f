using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>AlarmResponse.</summary>
internal sealed class AlarmResponseDto
{
    [JsonPropertyName("header")] public ResponseHeaderDto? Header { get; set; }
    [JsonPropertyName("alarms")] public List<AlarmMemberDto>? Alarms { get; set; }
}
