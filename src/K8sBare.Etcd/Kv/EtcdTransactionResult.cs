namespace K8sBare.Etcd;

/// <summary>The outcome of a compare-and-swap.</summary>
public sealed record EtcdTransactionResult
{
    /// <summary>True when the condition held and the new value was written.</summary>
    public required bool Succeeded { get; init; }

    /// <summary>The store revision after the transaction.</summary>
    public required long Revision { get; init; }

    /// <summary>When the condition failed: the key's current value (null when it does not exist).</summary>
    public EtcdKeyValue? Current { get; init; }
}
