namespace K8sBare.Units.Components;

/// <summary>kube-proxy's <c>mode</c>.</summary>
public enum ProxyMode
{
    /// <summary><c>iptables</c> (default).</summary>
    Iptables,

    /// <summary><c>ipvs</c> (deprecation warning from 1.35, KEP-5495).</summary>
    Ipvs,

    /// <summary><c>nftables</c>: alpha 1.29 (feature gate NFTablesProxyMode), beta 1.31, GA 1.33 (KEP-3866).</summary>
    Nftables,
}
