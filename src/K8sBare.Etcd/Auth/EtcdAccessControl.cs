using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sBare.Etcd;

/// <summary>
/// Brings etcd's authentication to an <see cref="EtcdAuthPolicy"/>, idempotently: adds missing roles and users
/// (certificate users, no passwords), grants missing permissions and roles, revokes permissions and roles the
/// policy does not list (on the policy's own roles and users only; others are left alone), and finally enables
/// authentication. A second run changes nothing. Run it as an identity that is etcd's <c>root</c> once auth is
/// on (before that, any client may).
/// </summary>
public sealed class EtcdAccessControl
{
    private readonly IEtcdClient _client;
    private readonly ILogger _log;

    /// <summary>Creates the access control over a client.</summary>
    /// <param name="client">The client to use (as <c>root</c> once auth is enabled).</param>
    /// <param name="logger">Optional logger (one Information line per change).</param>
    public EtcdAccessControl(IEtcdClient client, ILogger? logger = null)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _log = logger ?? NullLogger.Instance;
    }

    /// <summary>Applies the policy and enables auth; returns what changed (empty when etcd already matched).</summary>
    /// <param name="policy">Roles and users; must pass <see cref="EtcdAuthPolicy.Validate"/>.</param>
    /// <param name="cancellationToken">Cancels between calls (a change already sent is not undone).</param>
    /// <exception cref="ArgumentException">The policy is invalid (each problem named).</exception>
    /// <exception cref="EtcdException">etcd refused a change (for example <see cref="EtcdStatusCode.PermissionDenied"/> when not run as root once auth is on).</exception>
    public Task<IReadOnlyList<string>> ApplyAsync(EtcdAuthPolicy policy, CancellationToken cancellationToken = default) =>
        ReconcileAsync(policy, apply: true, cancellationToken);

    /// <summary>
    /// What <see cref="ApplyAsync"/> would change, read-only (same decision, no write): one line per role, user,
    /// permission or grant to add or revoke, and the auth switch. Empty when etcd already matches the policy.
    /// </summary>
    /// <param name="policy">Roles and users; must pass <see cref="EtcdAuthPolicy.Validate"/>.</param>
    /// <param name="cancellationToken">Cancels between reads.</param>
    /// <exception cref="ArgumentException">The policy is invalid (each problem named).</exception>
    /// <exception cref="EtcdException">etcd refused a read (for example <see cref="EtcdStatusCode.PermissionDenied"/> when not run as root once auth is on).</exception>
    public Task<IReadOnlyList<string>> PlanAsync(EtcdAuthPolicy policy, CancellationToken cancellationToken = default) =>
        ReconcileAsync(policy, apply: false, cancellationToken);

    private async Task<IReadOnlyList<string>> ReconcileAsync(EtcdAuthPolicy policy, bool apply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var problems = policy.Validate();
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems), nameof(policy));
        var auth = _client.Auth;
        var changes = new List<string>();
        async Task Change(string what, Func<Task> write)
        {
            if (apply) await write().ConfigureAwait(false);
            changes.Add(what);
            if (apply) _log.LogInformation("etcd auth: {Change}", what);
        }

        var roles = (await auth.ListRolesAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        foreach (var role in policy.Roles)
        {
            IReadOnlyList<EtcdPermission> have = [];
            if (!roles.Contains(role.Name))
                await Change($"role {role.Name} added", () => auth.AddRoleAsync(role.Name, cancellationToken)).ConfigureAwait(false);
            else
                have = await auth.GetPermissionsAsync(role.Name, cancellationToken).ConfigureAwait(false);
            foreach (var p in have.Where(h => !role.Permissions.Contains(h)))
                await Change($"role {role.Name}: revoked {p}", () => auth.RevokePermissionAsync(role.Name, p, cancellationToken)).ConfigureAwait(false);
            foreach (var p in role.Permissions.Where(w => !have.Contains(w)))
                await Change($"role {role.Name}: granted {p}", () => auth.GrantPermissionAsync(role.Name, p, cancellationToken)).ConfigureAwait(false);
        }

        var users = (await auth.ListUsersAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        // root first: once it exists with its role, auth can be enabled even if a later step is interrupted.
        foreach (var user in policy.Users.OrderBy(u => u.Name == EtcdAuthPolicy.RootUser ? 0 : 1))
        {
            IReadOnlyList<string> granted = [];
            if (!users.Contains(user.Name))
                await Change($"user {user.Name} added (client certificate CN, no password)", () => auth.AddUserAsync(user.Name, cancellationToken)).ConfigureAwait(false);
            else
                granted = await auth.GetUserRolesAsync(user.Name, cancellationToken).ConfigureAwait(false);
            foreach (var r in granted.Where(g => !user.Roles.Contains(g)))
                await Change($"user {user.Name}: role {r} revoked", () => auth.RevokeRoleAsync(user.Name, r, cancellationToken)).ConfigureAwait(false);
            foreach (var r in user.Roles.Where(w => !granted.Contains(w)))
                await Change($"user {user.Name}: role {r} granted", () => auth.GrantRoleAsync(user.Name, r, cancellationToken)).ConfigureAwait(false);
        }

        if (!await auth.IsEnabledAsync(cancellationToken).ConfigureAwait(false))
            await Change("authentication enabled", () => auth.EnableAsync(cancellationToken)).ConfigureAwait(false);
        return changes;
    }
}
