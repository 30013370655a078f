namespace K8sBare.Etcd;

/// <summary>A role with the key permissions it grants.</summary>
public sealed record EtcdRole
{
    /// <summary>The role name (not <c>root</c>: that role is etcd's own and grants everything).</summary>
    public required string Name { get; init; }

    /// <summary>The permissions, exactly: <see cref="EtcdAccessControl"/> grants the missing ones and revokes any other.</summary>
    public IReadOnlyList<EtcdPermission> Permissions { get; init; } = [];
}
