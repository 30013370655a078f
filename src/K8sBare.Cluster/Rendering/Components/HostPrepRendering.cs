using K8sBare.Cluster.Artifacts;
using K8sBare.Units.Components;

namespace K8sBare.Cluster.Rendering;

/// <summary>Host preparation files (modules-load.d, sysctl.d; rendered by K8sBare.Units) for every node.</summary>
internal static class HostPrepRendering
{
    public static void Add(RenderContext ctx, HostArtifactsBuilder host)
    {
        _ = ctx;
        foreach (var f in new HostPrepOptions().Render())
            host.AddFile(RenderContext.ToArtifact(f, ClusterComponent.Host, ArtifactKind.Host));
    }

    /// <summary>The modules the prepare phase loads.</summary>
    public static IReadOnlyList<string> Modules => new HostPrepOptions().Modules;
}
