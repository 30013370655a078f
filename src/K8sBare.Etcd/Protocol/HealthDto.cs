using System.Text.Json;
using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>GET /health: {"health":"true"} (3.4) or {"health":"true","reason":""} (3.5+).</summary>
internal sealed class HealthDto
{
    [JsonPropertyName("health")] public JsonElement Health { get; set; }
    [JsonPropertyName("reason")] public string? Reason { get; set; }

    /// <summary>True for "true" or true.</summary>
    public bool IsHealthy => Health.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.String => string.Equals(Health.GetString(), "true", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };
}
