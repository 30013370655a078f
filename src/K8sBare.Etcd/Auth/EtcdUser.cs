namespace K8sBare.Etcd;

/// <summary>A user authenticated by client certificate, and its roles.</summary>
public sealed record EtcdUser
{
    /// <summary>The user name: the common name (CN) of its client certificate (etcd maps CN to user with <c>--client-cert-auth</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The roles, exactly (<c>root</c> for an administrator; none for an identity that only checks health).</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];
}
