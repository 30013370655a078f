namespace K8sBare.Etcd;

/// <summary>A member and whether it answers healthy on its client URLs.</summary>
public sealed record EtcdMemberHealth
{
    /// <summary>The member.</summary>
    public required EtcdMember Member { get; init; }

    /// <summary>True when the member answered status with a leader and no errors (and, for a voter, /health true).</summary>
    public required bool Healthy { get; init; }

    /// <summary>Its status when it answered.</summary>
    public EtcdEndpointStatus? Status { get; init; }

    /// <summary>Why it is unhealthy (null when healthy).</summary>
    public string? Error { get; init; }
}
