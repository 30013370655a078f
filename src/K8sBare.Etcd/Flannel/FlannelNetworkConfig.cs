using System.Text.Json;
using System.Text.Json.Serialization;

namespace K8sBare.Etcd;

/// <summary>
/// flannel's network config stored at <c>&lt;prefix&gt;/config</c>, for example
/// <c>{"Network":"10.200.0.0/16","SubnetLen":24,"Backend":{"Type":"vxlan"}}</c>.
/// </summary>
public sealed record FlannelNetworkConfig
{
    /// <summary>The cluster-wide IPv4 pod network (CIDR). Cannot change without downtime.</summary>
    [JsonPropertyName("Network")] public required string Network { get; init; }

    /// <summary>Per-node subnet prefix length (flannel default 24).</summary>
    [JsonPropertyName("SubnetLen")] public int? SubnetLen { get; init; }

    /// <summary>First subnet to allocate.</summary>
    [JsonPropertyName("SubnetMin")] public string? SubnetMin { get; init; }

    /// <summary>Last subnet to allocate.</summary>
    [JsonPropertyName("SubnetMax")] public string? SubnetMax { get; init; }

    /// <summary>Dual-stack: enable IPv6.</summary>
    [JsonPropertyName("EnableIPv6")] public bool? EnableIPv6 { get; init; }

    /// <summary>Dual-stack: the IPv6 pod network.</summary>
    [JsonPropertyName("IPv6Network")] public string? IPv6Network { get; init; }

    /// <summary>The backend (vxlan unless you have a reason).</summary>
    [JsonPropertyName("Backend")] public required FlannelBackend Backend { get; init; }

    /// <summary>Compact, byte-stable JSON with flannel's key names; unset fields omitted.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, FlannelJsonContext.Default.FlannelNetworkConfig);

    /// <summary>Parses the JSON flannel reads (key names are matched case-insensitively, as Go does).</summary>
    /// <param name="json">The JSON stored at <c>&lt;prefix&gt;/config</c> (flannel's pkg/subnet config: Network, SubnetLen, Backend, …).</param>
    public static FlannelNetworkConfig Parse(string json)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(json);
        try
        {
            return JsonSerializer.Deserialize(json, FlannelJsonContext.Default.FlannelNetworkConfig)
                ?? throw new FormatException("The flannel network config is JSON null.");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The flannel network config is not valid: {ex.Message}. Expected e.g. {{\"Network\":\"10.200.0.0/16\",\"Backend\":{{\"Type\":\"vxlan\"}}}}.", ex);
        }
    }
}
