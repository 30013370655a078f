namespace K8sBare.Cluster.Artifacts;

/// <summary>Everything one host receives: files, directories, services, binaries.</summary>
public sealed record HostArtifacts
{
    /// <summary>The node.</summary>
    public required NodeSpec Node { get; init; }

    /// <summary>The host name (the node name).</summary>
    public string Name => Node.Name;

    /// <summary>The files, ordered by path.</summary>
    public IReadOnlyList<ArtifactFile> Files { get; init; } = [];

    /// <summary>Directories with particular modes.</summary>
    public IReadOnlyList<ArtifactDirectory> Directories { get; init; } = [];

    /// <summary>The services, in start order.</summary>
    public IReadOnlyList<ServiceArtifact> Services { get; init; } = [];

    /// <summary>The binaries the services need.</summary>
    public IReadOnlyList<BinaryArtifact> Binaries { get; init; } = [];

    /// <summary>Host facts this render assumed (neither declared in the spec nor gathered from the host).</summary>
    public IReadOnlyList<AssumedHostFact> Assumptions { get; init; } = [];

    /// <summary>The file at <paramref name="path"/>, or null.</summary>
    /// <param name="path">An absolute host path.</param>
    public ArtifactFile? File(string path) => Files.FirstOrDefault(f => f.Path == path);
}
