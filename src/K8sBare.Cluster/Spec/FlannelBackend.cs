namespace K8sBare.Cluster;

/// <summary>flannel's backend (the <c>Backend.Type</c> of its network config).</summary>
public enum FlannelBackend
{
    /// <summary>VXLAN overlay; works on any provider (the default).</summary>
    Vxlan,

    /// <summary>Plain routes via the node IPs; needs all nodes on one L2 segment.</summary>
    HostGw,

    /// <summary>WireGuard-encrypted overlay.</summary>
    WireGuard,
}
