using K8sBare.Units.Components;

namespace K8sBare.Cluster.Rendering.Components;

/// <summary>CoreDNS as a host service (components.md §9; the $20 cluster runs it on every worker).</summary>
internal static class CoreDnsRendering
{
    public static bool RunsOn(ClusterSpec spec, NodeSpec node) => spec.Dns.Placement switch
    {
        CoreDnsPlacement.HostServiceOnWorkers => node.IsWorker,
        CoreDnsPlacement.HostServiceOnControlPlane => node.IsControlPlane,
        _ => false,
    };

    public static void Add(RenderContext ctx, HostArtifactsBuilder host)
    {
        if (!RunsOn(ctx.Spec, host.Node)) return;
        var options = new CoreDnsOptions
        {
            Kubeconfig = ctx.Layout.CoreDnsKubeconfig,
            ClusterDomain = ctx.Spec.Network.ClusterDomain,
            Forward = [ctx.Spec.Dns.Upstream],
            BinaryPath = RenderContext.BinaryPath("coredns"),
        };
        ctx.AddComponent(host, ClusterComponents.CoreDns, options);
    }
}
