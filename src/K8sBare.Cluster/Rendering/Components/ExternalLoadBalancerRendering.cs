using K8sBare.Cluster.Artifacts;
using K8sBare.Units.Components;

namespace K8sBare.Cluster.Rendering;

/// <summary>
/// The external load balancer's haproxy.cfg, for the operator to install on a host K8sBare does not manage: a TCP
/// frontend on the API port, every control-plane node's apiserver as a backend with an HTTPS <c>/healthz</c> check
/// (<see cref="HaproxyOptions"/>, the same rendering the Units package validates with the real haproxy).
/// </summary>
internal static class ExternalLoadBalancerRendering
{
    /// <summary>The operator file's name.</summary>
    public const string FileName = "api-load-balancer.haproxy.cfg";

    /// <summary>The haproxy.cfg, or null when the spec names no external load balancer.</summary>
    public static ArtifactFile? Render(ClusterSpec spec)
    {
        var e = spec.ApiEndpoint;
        var named = e.Mode == ApiEndpointMode.ExternalLoadBalancer || e.Mode == ApiEndpointMode.LocalProxy && e.Host is not null;
        if (!named) return null;
        var haproxy = new HaproxyOptions
        {
            Port = e.Port,
            Backends = spec.ControlPlaneNodes.Select(n => new ApiServerBackend(n.Name, n.Address, e.Port)).ToList(),
        };
        return new ArtifactFile { Path = haproxy.ConfigPath, Content = haproxy.RenderConfig(), Component = ClusterComponent.ApiEndpoint, Kind = ArtifactKind.Config };
    }
}
