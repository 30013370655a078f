using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>AlarmMember.</summary>
internal sealed class AlarmMemberDto
{
    [JsonPropertyName("memberID")] public ulong MemberId { get; set; }
    [JsonPropertyName("member_id")] public ulong MemberIdSnake { get => default; set => MemberId = value; }
    [JsonPropertyName("alarm")] public string? Alarm { get; set; }
}
