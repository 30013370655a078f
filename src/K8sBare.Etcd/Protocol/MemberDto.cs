using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>etcdserverpb.Member: ID is a decimal uint64 string.</summary>
internal sealed class MemberDto
{
    [JsonPropertyName("ID")] public ulong Id { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("peerURLs")] public List<string>? PeerUrls { get; set; }
    [JsonPropertyName("peer_urls")] public List<string>? PeerUrlsSnake { get => default; set => PeerUrls = value; }
    [JsonPropertyName("clientURLs")] public List<string>? ClientUrls { get; set; }
    [JsonPropertyName("client_urls")] public List<string>? ClientUrlsSnake { get => default; set => ClientUrls = value; }
    [JsonPropertyName("isLearner")] public bool IsLearner { get; set; }
    [JsonPropertyName("is_learner")] public bool IsLearnerSnake { get => default; set => IsLearner = value; }
}
