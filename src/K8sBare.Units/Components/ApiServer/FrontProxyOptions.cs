namespace K8sBare.Units.Components;

/// <summary>Aggregation-layer (front-proxy) flags of kube-apiserver, needed only for extension API servers such as metrics-server.</summary>
public sealed record FrontProxyOptions
{
    /// <summary><c>--requestheader-client-ca-file</c>.</summary>
    public string RequestHeaderClientCaFile { get; init; } = "/var/lib/kubernetes/front-proxy-ca.crt";

    /// <summary><c>--requestheader-allowed-names</c>.</summary>
    public IReadOnlyList<string> AllowedNames { get; init; } = ["front-proxy-client"];

    /// <summary><c>--proxy-client-cert-file</c>.</summary>
    public string ProxyClientCertFile { get; init; } = "/var/lib/kubernetes/front-proxy-client.crt";

    /// <summary><c>--proxy-client-key-file</c>.</summary>
    public string ProxyClientKeyFile { get; init; } = "/var/lib/kubernetes/front-proxy-client.key";
}
