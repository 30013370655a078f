using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>TxnRequest (POST /v3/kv/txn).</summary>
internal sealed class TxnRequestDto
{
    [JsonPropertyName("compare")] public List<CompareDto>? Compare { get; set; }
    [JsonPropertyName("success")] public List<RequestOpDto>? Success { get; set; }
    [JsonPropertyName("failure")] public List<RequestOpDto>? Failure { get; set; }
}
