using K8sBare.Units.Components;

namespace K8sBare.Cluster.Rendering;

/// <summary>The API endpoint helpers: an nginx stream proxy on 127.0.0.1 (local-proxy) or keepalived (VIP).</summary>
internal static class ApiEndpointRendering
{
    public static void Add(RenderContext ctx, HostArtifactsBuilder host)
    {
        var e = ctx.Spec.ApiEndpoint;
        var node = host.Node;
        var backends = ctx.Spec.ControlPlaneNodes.Select(n => new ApiServerBackend(n.Name, n.Address, e.Port)).ToList();
        if (!ComponentPlacement.Runs(ctx.Spec, node, ClusterComponent.ApiEndpoint)) return;
        switch (e.Mode)
        {
            case ApiEndpointMode.LocalProxy:
                var proxy = new NginxLoadBalancerOptions
                {
                    ListenAddress = "127.0.0.1",
                    Port = e.LocalProxyPort,
                    Backends = backends,
                    BinaryPath = RenderContext.BinaryPath("nginx"),
                };
                ctx.AddComponent(host, ClusterComponents.ApiProxy, proxy);
                break;
            case ApiEndpointMode.KeepalivedVip:
                var index = ctx.Spec.ControlPlaneNodes.ToList().IndexOf(node);
                var keepalived = new KeepalivedOptions
                {
                    VirtualIp = $"{e.VirtualIp}/{e.VirtualIpPrefixLength}",
                    Interface = e.Interface,
                    Primary = index == 0,
                    Priority = 150 - index * 10,
                    CheckPort = e.Port,
                    BinaryPath = RenderContext.BinaryPath("keepalived"),
                };
                ctx.AddComponent(host, ClusterComponents.Keepalived, keepalived);
                break;
        }
    }
}
