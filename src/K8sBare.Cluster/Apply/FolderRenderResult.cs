using K8sBare.Cluster.Artifacts;

namespace K8sBare.Cluster.Apply;

/// <summary>What <see cref="ClusterFolderRenderer.RenderToFolderAsync"/> wrote.</summary>
public sealed record FolderRenderResult
{
    /// <summary>The output folder.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The PKI store used.</summary>
    public required string PkiDirectory { get; init; }

    /// <summary>The summary file (PLAN.md).</summary>
    public required string SummaryPath { get; init; }

    /// <summary>The rendered artifacts.</summary>
    public required ClusterArtifacts Artifacts { get; init; }

    /// <summary>The apply to the folder transport (files created/updated this time, services not started, …).</summary>
    public required ApplyResult Apply { get; init; }
}
