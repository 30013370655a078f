using System.Security.Cryptography;
using Etcdserverpb;
using Google.Protobuf;

namespace K8sBare.Etcd;

/// <summary><see cref="IEtcdAuth"/> over an <see cref="EtcdClient"/>'s endpoints (reads fail over; changes are never re-sent).</summary>
internal sealed class EtcdAuthClient(EtcdClient client) : IEtcdAuth
{
    public async Task<bool> IsEnabledAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var s = await client.CallAsync(client.Endpoints, "auth status", idempotent: true,
                (c, d, t) => c.AuthStatusAsync(new AuthStatusRequest(), null, d, t), cancellationToken).ConfigureAwait(false);
            return s.Enabled;
        }
        catch (EtcdException ex) when (ex.Code == EtcdStatusCode.Unimplemented)
        {
            // etcd 3.4 has no auth status: an authenticate call with a user that cannot exist answers
            // "authentication is not enabled" (FailedPrecondition) when auth is off, "invalid user ID or password" when on.
            try
            {
                await client.CallAsync(client.Endpoints, "authenticate probe", idempotent: true,
                    (c, d, t) => c.AuthenticateAsync(new AuthenticateRequest { Name = "k8sbare-auth-probe\u0001", Password = "-" }, null, d, t),
                    cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (EtcdException probe) when (probe.EtcdMessage.Contains("authentication is not enabled", StringComparison.Ordinal))
            {
                return false;
            }
            catch (EtcdException probe) when (probe.Code == EtcdStatusCode.InvalidArgument)
            {
                return true;
            }
        }
    }

    public Task EnableAsync(CancellationToken cancellationToken = default) =>
        client.CallAsync(client.Endpoints, "auth enable", idempotent: false,
            (c, d, t) => c.AuthEnableAsync(new AuthEnableRequest(), null, d, t), cancellationToken);

    public async Task<IReadOnlyList<string>> ListUsersAsync(CancellationToken cancellationToken = default) =>
        [.. (await client.CallAsync(client.Endpoints, "user list", idempotent: true,
            (c, d, t) => c.UserListAsync(new AuthUserListRequest(), null, d, t), cancellationToken).ConfigureAwait(false)).Users];

    public async Task<IReadOnlyList<string>> GetUserRolesAsync(string user, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        return [.. (await client.CallAsync(client.Endpoints, $"user get {user}", idempotent: true,
            (c, d, t) => c.UserGetAsync(new AuthUserGetRequest { Name = user }, null, d, t), cancellationToken).ConfigureAwait(false)).Roles];
    }

    public Task AddUserAsync(string user, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        // No password: the user stands for a client certificate's CN. etcd versions that do not know the no-password
        // option get a random password that is never stored or shown, which makes password login impossible all the same.
        var req = new AuthUserAddRequest
        {
            Name = user,
            Password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            Options = new Authpb.UserAddOptions { NoPassword = true },
        };
        return client.CallAsync(client.Endpoints, $"user add {user}", idempotent: false, (c, d, t) => c.UserAddAsync(req, null, d, t), cancellationToken);
    }

    public Task GrantRoleAsync(string user, string role, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentException.ThrowIfNullOrEmpty(role);
        return client.CallAsync(client.Endpoints, $"user grant-role {user} {role}", idempotent: false,
            (c, d, t) => c.UserGrantRoleAsync(new AuthUserGrantRoleRequest { User = user, Role = role }, null, d, t), cancellationToken);
    }

    public Task RevokeRoleAsync(string user, string role, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentException.ThrowIfNullOrEmpty(role);
        return client.CallAsync(client.Endpoints, $"user revoke-role {user} {role}", idempotent: false,
            (c, d, t) => c.UserRevokeRoleAsync(new AuthUserRevokeRoleRequest { Name = user, Role = role }, null, d, t), cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListRolesAsync(CancellationToken cancellationToken = default) =>
        [.. (await client.CallAsync(client.Endpoints, "role list", idempotent: true,
            (c, d, t) => c.RoleListAsync(new AuthRoleListRequest(), null, d, t), cancellationToken).ConfigureAwait(false)).Roles];

    public Task AddRoleAsync(string role, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(role);
        return client.CallAsync(client.Endpoints, $"role add {role}", idempotent: false,
            (c, d, t) => c.RoleAddAsync(new AuthRoleAddRequest { Name = role }, null, d, t), cancellationToken);
    }

    public async Task<IReadOnlyList<EtcdPermission>> GetPermissionsAsync(string role, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(role);
        var r = await client.CallAsync(client.Endpoints, $"role get {role}", idempotent: true,
            (c, d, t) => c.RoleGetAsync(new AuthRoleGetRequest { Role = role }, null, d, t), cancellationToken).ConfigureAwait(false);
        return [.. r.Perm.Select(p => new EtcdPermission
        {
            Key = p.Key.ToStringUtf8(),
            RangeEnd = p.RangeEnd.IsEmpty ? null : p.RangeEnd.ToStringUtf8(),
            Type = (EtcdPermissionType)(int)p.PermType,
        })];
    }

    public Task GrantPermissionAsync(string role, EtcdPermission permission, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(role);
        ArgumentNullException.ThrowIfNull(permission);
        var req = new AuthRoleGrantPermissionRequest
        {
            Name = role,
            Perm = new Authpb.Permission
            {
                Key = ByteString.CopyFromUtf8(permission.Key),
                RangeEnd = permission.RangeEnd is null ? ByteString.Empty : ByteString.CopyFromUtf8(permission.RangeEnd),
                PermType = (Authpb.Permission.Types.Type)(int)permission.Type,
            },
        };
        return client.CallAsync(client.Endpoints, $"role grant-permission {role}", idempotent: false,
            (c, d, t) => c.RoleGrantPermissionAsync(req, null, d, t), cancellationToken);
    }

    public Task RevokePermissionAsync(string role, EtcdPermission permission, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(role);
        ArgumentNullException.ThrowIfNull(permission);
        var req = new AuthRoleRevokePermissionRequest
        {
            Role = role,
            Key = ByteString.CopyFromUtf8(permission.Key),
            RangeEnd = permission.RangeEnd is null ? ByteString.Empty : ByteString.CopyFromUtf8(permission.RangeEnd),
        };
        return client.CallAsync(client.Endpoints, $"role revoke-permission {role}", idempotent: false,
            (c, d, t) => c.RoleRevokePermissionAsync(req, null, d, t), cancellationToken);
    }
}
