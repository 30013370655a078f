namespace K8sBare.Cluster.Apply;

/// <summary>What an apply did.</summary>
public sealed record ApplyResult
{
    /// <summary>The phases that ran, in order.</summary>
    public IReadOnlyList<ApplyPhase> Phases { get; init; } = [];

    /// <summary>Every change, in the order made.</summary>
    public IReadOnlyList<AppliedChange> Changes { get; init; } = [];

    /// <summary>Services installed but not running.</summary>
    public IReadOnlyList<ServiceNotStarted> NotStarted { get; init; } = [];

    /// <summary>Problems that did not stop the apply (e.g. sysctl not applicable in a container).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Every progress event.</summary>
    public IReadOnlyList<ApplyEvent> Events { get; init; } = [];

    /// <summary>The artifacts that were applied (rendered with the hosts' facts); null when the apply stopped before rendering.</summary>
    public Artifacts.ClusterArtifacts? Artifacts { get; init; }

    /// <summary>Wall time.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Every service start and restart performed, in the order performed (recorded when the init system's command returned).</summary>
    public IReadOnlyList<ServiceRestart> ServiceRestarts { get; init; } = [];

    /// <summary>Every host's turn in a rolling restart (etcd and kube-apiserver one host at a time, workers in batches), in order.</summary>
    public IReadOnlyList<HostRoll> Rolls { get; init; } = [];

    /// <summary>The number of services started or restarted (<see cref="ServiceRestarts"/>).</summary>
    public int Restarts => ServiceRestarts.Count;

    /// <summary>True when nothing changed anywhere.</summary>
    public bool Unchanged => Changes.Count == 0;
}
