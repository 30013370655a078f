namespace K8sBare.Cluster;

/// <summary>containerd on the workers: the sandbox image, images to preload, and host-specific switches.</summary>
public sealed record ContainerRuntimeSettings
{
    /// <summary>The pause (sandbox) image containerd's config pins. Without a registry it must be among
    /// <see cref="PreloadImages"/>: validation and the apply check that the two agree.</summary>
    public string SandboxImage { get; init; } = "registry.k8s.io/pause:3.10";

    /// <summary>Image tarballs imported into containerd's <c>k8s.io</c> namespace on every worker (after containerd
    /// runs, before the kubelet starts pods).</summary>
    public IReadOnlyList<ImageArchive> PreloadImages { get; init; } = [];

    /// <summary>
    /// containerd's <c>restrict_oom_score_adj</c>: for hosts where containerd lacks CAP_SYS_RESOURCE (containers used as
    /// nodes, rootless), where runc cannot lower a container's oom_score_adj and every pod sandbox fails. Off on real hosts.
    /// </summary>
    public bool RestrictOomScoreAdj { get; init; }
}
