using K8sBare.Cluster.Artifacts;

namespace K8sBare.Cluster.Rendering;

/// <summary>Accumulates one host's artifacts while the component renderers run.</summary>
internal sealed class HostArtifactsBuilder(NodeSpec node)
{
    private readonly SortedDictionary<string, ArtifactFile> _files = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, ArtifactDirectory> _dirs = new(StringComparer.Ordinal);
    private readonly List<ServiceArtifact> _services = [];
    private readonly SortedDictionary<string, BinaryArtifact> _binaries = new(StringComparer.Ordinal);
    private readonly List<AssumedHostFact> _assumptions = [];
    private readonly SortedSet<string> _provided = new(StringComparer.Ordinal);

    public NodeSpec Node { get; } = node;

    public void AddFile(ArtifactFile file)
    {
        if (_files.TryGetValue(file.Path, out var existing) && existing.Content != file.Content)
            throw new InvalidOperationException(
                $"Host '{Node.Name}': two components render different content for {file.Path} ({existing.Component} and {file.Component}). This is a K8sBare bug; please report it.");
        _files[file.Path] = file;
    }

    public void AddDirectory(ArtifactDirectory dir) => _dirs[dir.Path] = dir;

    public void AddBinary(BinaryArtifact binary) => _binaries[binary.Name] = binary;

    public void AddService(ServiceArtifact service) => _services.Add(service);

    public void Assume(AssumedHostFact fact) => _assumptions.Add(fact);

    public bool HasFile(string path) => _files.ContainsKey(path);

    /// <summary>
    /// Records a path that exists on the host without K8sBare writing it: created by a service rendered here, installed
    /// with its package, or a host fact (declared in the spec or read from the host). Read by <see cref="ReferencedPathCheck"/>.
    /// </summary>
    public void Provided(string path) => _provided.Add(path);

    /// <summary>Every path recorded with <see cref="Provided"/>.</summary>
    public IReadOnlyCollection<string> ProvidedPaths => _provided;

    public HostArtifacts Build()
    {
        // A service restarts when its own files change, and when any file whose path its unit or
        // configs mention changes (certificates, keys, kubeconfigs).
        var services = _services.Select(s =>
        {
            var own = s.RestartOn.HasFlag(RestartTriggers.OwnFiles) ? s.Files.Where(_files.ContainsKey).ToList() : [];
            if (!s.RestartOn.HasFlag(RestartTriggers.ReferencedFiles)) return s with { Files = own.Order(StringComparer.Ordinal).ToList() };
            var texts = own.Select(p => _files[p].Content).ToList();
            var referenced = _files.Keys.Where(p => !own.Contains(p) && texts.Any(t => t.Contains(p, StringComparison.Ordinal)));
            return s with { Files = own.Concat(referenced).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() };
        }).OrderBy(s => s.StartOrder).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();

        return new HostArtifacts
        {
            Node = Node,
            Files = _files.Values.ToList(),
            Directories = _dirs.Values.ToList(),
            Services = services,
            Binaries = _binaries.Values.ToList(),
            Assumptions = _assumptions.ToList(),
        };
    }
}
