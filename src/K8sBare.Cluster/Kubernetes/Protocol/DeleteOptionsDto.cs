using System.Text.Json.Serialization;

namespace K8sBare.Cluster.Kubernetes.Protocol;

/// <summary>metav1.DeleteOptions (subset).</summary>
internal sealed class DeleteOptionsDto
{
    [JsonPropertyName("gracePeriodSeconds")] public long? GracePeriodSeconds { get; set; }
}
