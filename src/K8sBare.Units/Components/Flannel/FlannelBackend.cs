namespace K8sBare.Units.Components;

/// <summary>The <c>Backend</c> object of flannel's network config.</summary>
public sealed record FlannelBackend
{
    /// <summary>The backend type.</summary>
    public FlannelBackendType Type { get; init; } = FlannelBackendType.Vxlan;

    /// <summary>VXLAN: <c>VNI</c> (default 1).</summary>
    public int? Vni { get; init; }

    /// <summary>VXLAN: UDP <c>Port</c> (kernel default 8472).</summary>
    public int? Port { get; init; }

    /// <summary>VXLAN: <c>DirectRouting</c> (host-gw between hosts on the same subnet).</summary>
    public bool? DirectRouting { get; init; }

    /// <summary>WireGuard: <c>ListenPort</c> (default 51820).</summary>
    public int? ListenPort { get; init; }

    /// <summary>WireGuard: <c>PSK</c> (pre-shared key, base64; secret).</summary>
    public string? Psk { get; init; }

    /// <summary>WireGuard: <c>PersistentKeepaliveInterval</c> in seconds.</summary>
    public int? PersistentKeepaliveInterval { get; init; }

    /// <summary>The wire name of <see cref="Type"/>.</summary>
    public string TypeName => Type switch
    {
        FlannelBackendType.HostGw => "host-gw",
        FlannelBackendType.Wireguard => "wireguard",
        _ => "vxlan",
    };
}
