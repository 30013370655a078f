namespace K8sBare.Etcd;

/// <summary>One change seen by a watch.</summary>
public sealed record EtcdWatchEvent
{
    /// <summary>Put or delete.</summary>
    public required EtcdWatchEventType Type { get; init; }

    /// <summary>The key after the change (for a delete: key and mod revision only).</summary>
    public required EtcdKeyValue Kv { get; init; }

    /// <summary>The key before the change, when etcd still had it.</summary>
    public EtcdKeyValue? PrevKv { get; init; }

    /// <summary>The revision of the change.</summary>
    public long Revision => Kv.ModRevision;
}
