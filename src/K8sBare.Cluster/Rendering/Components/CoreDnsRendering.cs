using K8sBare.Units.Components;

namespace K8sBare.Cluster.Rendering;

/// <summary>CoreDNS as a host service (components.md §9; the $20 cluster runs it on every worker).</summary>
internal static class CoreDnsRendering
{
    public static void Add(RenderContext ctx, HostArtifactsBuilder host)
    {
        if (!ComponentPlacement.Runs(ctx.Spec, host.Node, ClusterComponent.CoreDns)) return;
        var options = new CoreDnsOptions
        {
            Kubeconfig = ctx.Layout.CoreDnsKubeconfig,
            ClusterDomain = ctx.Spec.Network.ClusterDomain,
            Forward = [ctx.Spec.Dns.Upstream],
            Log = ctx.Spec.Dns.Log,
            BinaryPath = RenderContext.BinaryPath("coredns"),
        };
        // A resolv.conf upstream is the host's own file (a host fact the spec declares).
        if (ctx.Spec.Dns.Upstream.StartsWith('/')) host.Provided(ctx.Spec.Dns.Upstream);
        ctx.AddComponent(host, ClusterComponents.CoreDns, options);
    }
}
