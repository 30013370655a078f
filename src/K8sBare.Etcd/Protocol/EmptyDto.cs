using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>An empty request, or a response of which only the header matters.</summary>
internal sealed class EmptyDto
{
    [JsonPropertyName("header")] public ResponseHeaderDto? Header { get; set; }
}
