using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>etcd's ResponseHeader (proto names; camelCase accepted too).</summary>
internal sealed class ResponseHeaderDto
{
    [JsonPropertyName("cluster_id")] public ulong ClusterId { get; set; }
    [JsonPropertyName("clusterId")] public ulong ClusterIdCamel { get => default; set => ClusterId = value; }
    [JsonPropertyName("member_id")] public ulong MemberId { get; set; }
    [JsonPropertyName("memberId")] public ulong MemberIdCamel { get => default; set => MemberId = value; }
    [JsonPropertyName("revision")] public long Revision { get; set; }
    [JsonPropertyName("raft_term")] public ulong RaftTerm { get; set; }
    [JsonPropertyName("raftTerm")] public ulong RaftTermCamel { get => default; set => RaftTerm = value; }
}
