using System.Text.Json.Serialization;

namespace K8sBare.Etcd;

/// <summary>flannel's Backend object (Documentation/backends.md). Unset fields take flannel's defaults.</summary>
public sealed record FlannelBackend
{
    /// <summary>vxlan (recommended), host-gw, wireguard, udp, …</summary>
    [JsonPropertyName("Type")] public required string Type { get; init; }

    /// <summary>vxlan: VXLAN network identifier (default 1).</summary>
    [JsonPropertyName("VNI")] public int? Vni { get; init; }

    /// <summary>vxlan/udp: UDP port (vxlan default: kernel's 8472).</summary>
    [JsonPropertyName("Port")] public int? Port { get; init; }

    /// <summary>vxlan: route directly when hosts share a subnet.</summary>
    [JsonPropertyName("DirectRouting")] public bool? DirectRouting { get; init; }

    /// <summary>vxlan/wireguard: MTU override.</summary>
    [JsonPropertyName("MTU")] public int? Mtu { get; init; }

    /// <summary>The recommended backend: vxlan with flannel's defaults.</summary>
    public static FlannelBackend Vxlan { get; } = new() { Type = "vxlan" };
}
