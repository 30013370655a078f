using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>One line of the lease keep-alive stream.</summary>
internal sealed class LeaseEnvelopeDto
{
    [JsonPropertyName("result")] public LeaseDto? Result { get; set; }
    [JsonPropertyName("error")] public ErrorDto? Error { get; set; }
}
