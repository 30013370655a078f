namespace K8sBare.Etcd;

/// <summary>Which dead member to replace, and the replacement's name and peer URLs (the same address is fine).</summary>
public sealed record EtcdReplacementRequest
{
    /// <summary>The member to remove: its name, or its ID in etcdctl's hex form.</summary>
    public required string DeadMember { get; init; }

    /// <summary>The replacement's --name (may equal the dead member's name).</summary>
    public required string NewName { get; init; }

    /// <summary>The replacement's peer URLs (may equal the dead member's).</summary>
    public required IReadOnlyList<Uri> NewPeerUrls { get; init; }
}
