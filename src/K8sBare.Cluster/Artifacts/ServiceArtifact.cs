namespace K8sBare.Cluster.Artifacts;

/// <summary>One service a host runs, under the host's init system.</summary>
public sealed record ServiceArtifact
{
    /// <summary>The service name (<c>etcd</c>, <c>kubelet</c>, …).</summary>
    public required string Name { get; init; }

    /// <summary>The component.</summary>
    public required ClusterComponent Component { get; init; }

    /// <summary>The init system it is rendered for.</summary>
    public required InitSystem InitSystem { get; init; }

    /// <summary>The unit file or init script path.</summary>
    public required string UnitPath { get; init; }

    /// <summary>The binaries the service needs (names from <see cref="KnownBinaries"/>); it is not started while one is missing.</summary>
    public IReadOnlyList<string> Binaries { get; init; } = [];

    /// <summary>The files whose change restarts the service (its unit, configs, certificates, kubeconfigs).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>The order in which services of one phase start (lower first).</summary>
    public int StartOrder { get; init; }

    /// <summary>The apply phase that enables and starts the service (from its <see cref="ComponentDescriptor"/>).</summary>
    public required ApplyPhase Phase { get; init; }

    /// <summary>What restarts the running service (from its <see cref="ComponentDescriptor"/>).</summary>
    public RestartTriggers RestartOn { get; init; } = RestartTriggers.All;
}
