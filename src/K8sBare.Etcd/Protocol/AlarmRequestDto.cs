using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>AlarmRequest: action GET/ACTIVATE/DEACTIVATE, alarm NONE/NOSPACE/CORRUPT.</summary>
internal sealed class AlarmRequestDto
{
    [JsonPropertyName("action")] public string? Action { get; set; }
    [JsonPropertyName("memberID")] public ulong MemberId { get; set; }
    [JsonPropertyName("alarm")] public string? Alarm { get; set; }
}
