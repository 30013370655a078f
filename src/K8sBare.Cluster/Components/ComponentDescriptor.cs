namespace K8sBare.Cluster;

/// <summary>
/// Everything K8sBare needs to know about one host service in one place: its component, service name,
/// binaries, default ports, the apply phase that starts it, its start order within that phase and what
/// restarts it. Renderers take start order and binaries from here; phases pick their services by
/// <see cref="Phase"/>. Adding a host service is adding one descriptor to <see cref="ClusterComponents"/>
/// (and a renderer for its files).
/// </summary>
public sealed record ComponentDescriptor
{
    /// <summary>The component.</summary>
    public required ClusterComponent Component { get; init; }

    /// <summary>The service name under both init systems (<c>etcd</c>, <c>kube-apiserver</c>, …).</summary>
    public required string Service { get; init; }

    /// <summary>The binaries the service needs (names from <see cref="KnownBinaries"/>, which holds their install paths).</summary>
    public required IReadOnlyList<string> Binaries { get; init; }

    /// <summary>The phase that enables and starts the service.</summary>
    public required ApplyPhase Phase { get; init; }

    /// <summary>The order in which the services of one phase start on a host (lower first).</summary>
    public required int StartOrder { get; init; }

    /// <summary>Default ports (upstream defaults; the API server's port and the local proxy's come from the spec).</summary>
    public IReadOnlyList<ComponentPort> Ports { get; init; } = [];

    /// <summary>
    /// Paths that exist on a host running the service although K8sBare writes none of them: what the service creates when
    /// it runs (state and data folders, sockets, pid files, logs), what it reads only when present, and what its host
    /// package installs. Everything under a listed path counts too. The render-time reference check
    /// (every absolute path a rendered unit, script or config names must exist on its host) accepts these on hosts that
    /// run the service, and only there.
    /// </summary>
    public IReadOnlyList<string> ProvidedPaths { get; init; } = [];

    /// <summary>What restarts the running service.</summary>
    public RestartTriggers RestartOn { get; init; } = RestartTriggers.All;

    /// <summary>The port named <paramref name="name"/>.</summary>
    /// <param name="name">e.g. <c>client</c>.</param>
    /// <exception cref="KeyNotFoundException">No such port.</exception>
    public int Port(string name) =>
        Ports.FirstOrDefault(p => p.Name == name)?.Number ?? throw new KeyNotFoundException($"{Service} has no port named '{name}'.");
}
