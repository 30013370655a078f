using System.Text.Json.Serialization;

namespace K8sBare.Cluster.Kubernetes.Protocol;

/// <summary>metav1.Status, the API's error body.</summary>
internal sealed class StatusDto
{
    [JsonPropertyName("kind")] public string? Kind { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("reason")] public string? Reason { get; set; }
    [JsonPropertyName("code")] public int Code { get; set; }
}
