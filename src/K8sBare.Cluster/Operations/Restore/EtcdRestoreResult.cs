using K8sBare.Cluster.Apply;

namespace K8sBare.Cluster.Operations;

/// <summary>The outcome of an etcd restore.</summary>
public sealed record EtcdRestoreResult
{
    /// <summary>The plan that ran.</summary>
    public required EtcdRestorePlan Plan { get; init; }

    /// <summary>Per member: true when its data dir was restored by this run, false when an earlier run had already restored it.</summary>
    public required IReadOnlyDictionary<string, bool> Restored { get; init; }

    /// <summary>Data dirs moved aside (host → path) because <see cref="EtcdRestoreOptions.ReplaceExistingData"/> allowed it.</summary>
    public required IReadOnlyDictionary<string, string> MovedAside { get; init; }

    /// <summary>The apply before the restore (preflight … files).</summary>
    public required ApplyResult Prepared { get; init; }

    /// <summary>The apply after it (etcd … ).</summary>
    public required ApplyResult Started { get; init; }

    /// <summary>Wall time of the whole restore.</summary>
    public required TimeSpan Duration { get; init; }
}
