namespace K8sBare.Etcd;

/// <summary>A lease: keys attached to it are deleted when it expires.</summary>
public sealed record EtcdLease
{
    /// <summary>The lease ID.</summary>
    public required long Id { get; init; }

    /// <summary>Remaining time to live (-1 s when the lease has expired or does not exist).</summary>
    public required TimeSpan Ttl { get; init; }

    /// <summary>The TTL the lease was granted with (time-to-live queries only).</summary>
    public TimeSpan GrantedTtl { get; init; }

    /// <summary>Keys attached to the lease (time-to-live queries only).</summary>
    public IReadOnlyList<string> Keys { get; init; } = [];
}
