namespace K8sBare.Etcd;

/// <summary>A node's subnet lease: key <c>&lt;prefix&gt;/subnets/10.200.3.0-24</c>, value flannel's LeaseAttrs.</summary>
public sealed record FlannelSubnetLease
{
    /// <summary>The etcd key.</summary>
    public required string Key { get; init; }

    /// <summary>The IPv4 subnet in CIDR form, for example 10.200.3.0/24.</summary>
    public required string Subnet { get; init; }

    /// <summary>The IPv6 subnet of a dual-stack lease, if any.</summary>
    public string? IPv6Subnet { get; init; }

    /// <summary>The node's public IP (PublicIP).</summary>
    public string? PublicIP { get; init; }

    /// <summary>The backend type (BackendType).</summary>
    public string? BackendType { get; init; }

    /// <summary>BackendData as raw JSON (for vxlan: VNI and VtepMAC).</summary>
    public string? BackendData { get; init; }

    /// <summary>The etcd lease the key is attached to.</summary>
    public long LeaseId { get; init; }
}
