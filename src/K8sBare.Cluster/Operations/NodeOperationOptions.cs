using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Kubernetes;
using Microsoft.Extensions.Logging;

namespace K8sBare.Cluster.Operations;

/// <summary>How a node operation runs.</summary>
public sealed record NodeOperationOptions
{
    /// <summary>The cluster's local PKI store (the one its applies used). Required.</summary>
    public required string PkiDirectory { get; init; }

    /// <summary>How the node is drained before removal (timeout, PodDisruptionBudgets are always respected); null for the defaults.</summary>
    public DrainOptions? Drain { get; init; }

    /// <summary>Consent to leave an even number of voting etcd members (refused otherwise: an even count tolerates no more failures than one member fewer).</summary>
    public bool AllowEvenMemberCount { get; init; }

    /// <summary>How long to wait for etcd (member changes, health). Default 60 s.</summary>
    public TimeSpan EtcdTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to try to reach a host that may be dead before treating it as unreachable. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait for the API server to answer before the API steps are skipped as "not answering". Default 10 s.</summary>
    public TimeSpan ApiTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where downloaded binaries are cached for the apply a node operation runs (see <see cref="ApplyOptions.BinaryCacheDirectory"/>).</summary>
    public string? BinaryCacheDirectory { get; init; }

    /// <summary>Progress events of the apply a node operation runs.</summary>
    public IProgress<ApplyEvent>? Progress { get; init; }

    /// <summary>Optional logger.</summary>
    public ILogger? Logger { get; init; }
}
