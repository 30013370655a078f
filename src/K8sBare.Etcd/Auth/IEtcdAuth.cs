namespace K8sBare.Etcd;

/// <summary>
/// etcd's authentication API (etcd's <c>Auth</c> gRPC service; <c>etcdctl user/role/auth</c>): raw calls without
/// convergence — <see cref="EtcdAccessControl"/> brings a whole policy about idempotently. With
/// <c>--client-cert-auth</c>, etcd takes the user name from the client certificate's common name (CN), so the users
/// here need no password. Once auth is on, every call here needs the <c>root</c> user.
/// </summary>
public interface IEtcdAuth
{
    /// <summary>True when authentication is enabled (etcd 3.5's auth status; on 3.4, told by how etcd answers an authenticate call).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<bool> IsEnabledAsync(CancellationToken cancellationToken = default);

    /// <summary>Enables authentication. etcd refuses unless the user <c>root</c> exists with the role <c>root</c>.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task EnableAsync(CancellationToken cancellationToken = default);

    /// <summary>Every user name.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<string>> ListUsersAsync(CancellationToken cancellationToken = default);

    /// <summary>The roles granted to a user; <see cref="EtcdException"/> with <see cref="EtcdStatusCode.FailedPrecondition"/> when the user does not exist.</summary>
    /// <param name="user">The user name (a client certificate's CN).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<string>> GetUserRolesAsync(string user, CancellationToken cancellationToken = default);

    /// <summary>Adds a user that authenticates by client certificate only (no password).</summary>
    /// <param name="user">The user name: the CN of the client certificate it stands for.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task AddUserAsync(string user, CancellationToken cancellationToken = default);

    /// <summary>Grants a role to a user (<c>root</c> makes it an administrator).</summary>
    /// <param name="user">The user name.</param>
    /// <param name="role">The role name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task GrantRoleAsync(string user, string role, CancellationToken cancellationToken = default);

    /// <summary>Revokes a role from a user.</summary>
    /// <param name="user">The user name.</param>
    /// <param name="role">The role name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task RevokeRoleAsync(string user, string role, CancellationToken cancellationToken = default);

    /// <summary>Every role name.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<string>> ListRolesAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds a role without permissions.</summary>
    /// <param name="role">The role name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task AddRoleAsync(string role, CancellationToken cancellationToken = default);

    /// <summary>A role's key permissions.</summary>
    /// <param name="role">The role name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<EtcdPermission>> GetPermissionsAsync(string role, CancellationToken cancellationToken = default);

    /// <summary>Grants a key permission to a role.</summary>
    /// <param name="role">The role name.</param>
    /// <param name="permission">The keys and the access.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task GrantPermissionAsync(string role, EtcdPermission permission, CancellationToken cancellationToken = default);

    /// <summary>Revokes a key permission (matched by its key range) from a role.</summary>
    /// <param name="role">The role name.</param>
    /// <param name="permission">The permission to revoke (its access is ignored: etcd revokes by key range).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task RevokePermissionAsync(string role, EtcdPermission permission, CancellationToken cancellationToken = default);
}
