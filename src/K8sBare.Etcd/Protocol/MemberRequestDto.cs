using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>Member add/remove/update/promote/list requests (one shape: unset fields are omitted).</summary>
internal sealed class MemberRequestDto
{
    [JsonPropertyName("ID")] public ulong Id { get; set; }
    [JsonPropertyName("peerURLs")] public List<string>? PeerUrls { get; set; }
    [JsonPropertyName("isLearner")] public bool IsLearner { get; set; }
    [JsonPropertyName("linearizable")] public bool Linearizable { get; set; }
}
