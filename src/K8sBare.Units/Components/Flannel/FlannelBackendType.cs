namespace K8sBare.Units.Components;

/// <summary>flannel backend types supported by K8sBare (flannel Documentation/backends.md).</summary>
public enum FlannelBackendType
{
    /// <summary>VXLAN overlay (recommended; works on VPS providers without an L2 private network).</summary>
    Vxlan,

    /// <summary>Direct routes; needs L2 adjacency between hosts.</summary>
    HostGw,

    /// <summary>Encrypted WireGuard tunnels.</summary>
    Wireguard,
}
