using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>Member add/remove/update/promote/list responses.</summary>
internal sealed class MemberResponseDto
{
    [JsonPropertyName("header")] public ResponseHeaderDto? Header { get; set; }
    [JsonPropertyName("member")] public MemberDto? Member { get; set; }
    [JsonPropertyName("members")] public List<MemberDto>? Members { get; set; }
}
