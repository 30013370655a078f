using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>StatusResponse (POST /v3/maintenance/status).</summary>
internal sealed class StatusResponseDto
{
    [JsonPropertyName("header")] public ResponseHeaderDto? Header { get; set; }
    [JsonPropertyName("version")] public string? Version { get; set; }
    [JsonPropertyName("dbSize")] public long DbSize { get; set; }
    [JsonPropertyName("db_size")] public long DbSizeSnake { get => default; set => DbSize = value; }
    [JsonPropertyName("dbSizeInUse")] public long DbSizeInUse { get; set; }
    [JsonPropertyName("db_size_in_use")] public long DbSizeInUseSnake { get => default; set => DbSizeInUse = value; }
    [JsonPropertyName("leader")] public ulong Leader { get; set; }
    [JsonPropertyName("raftIndex")] public ulong RaftIndex { get; set; }
    [JsonPropertyName("raft_index")] public ulong RaftIndexSnake { get => default; set => RaftIndex = value; }
    [JsonPropertyName("raftTerm")] public ulong RaftTerm { get; set; }
    [JsonPropertyName("raft_term")] public ulong RaftTermSnake { get => default; set => RaftTerm = value; }
    [JsonPropertyName("raftAppliedIndex")] public ulong RaftAppliedIndex { get; set; }
    [JsonPropertyName("raft_applied_index")] public ulong RaftAppliedIndexSnake { get => default; set => RaftAppliedIndex = value; }
    [JsonPropertyName("errors")] public List<string>? Errors { get; set; }
    [JsonPropertyName("isLearner")] public bool IsLearner { get; set; }
    [JsonPropertyName("is_learner")] public bool IsLearnerSnake { get => default; set => IsLearner = value; }
}
