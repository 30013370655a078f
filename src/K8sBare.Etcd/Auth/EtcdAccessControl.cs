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
    public async Task<IReadOnlyList<string>> ApplyAsync(EtcdAuthPolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var problems = policy.Validate();
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems), nameof(policy));
        var auth = _client.Auth;
        var changes = new List<string>();
        void Changed(string what)
        {
            changes.Add(what);
            _log.LogInformation("etcd auth: {Change}", what);
        }

        var roles = (await auth.ListRolesAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        foreach (var role in policy.Roles)
        {
            if (!roles.Contains(role.Name))
            {
                await auth.AddRoleAsync(role.Name, cancellationToken).ConfigureAwait(false);
                Changed($"role {role.Name} added");
            }
            var have = await auth.GetPermissionsAsync(role.Name, cancellationToken).ConfigureAwait(false);
            foreach (var p in have.Where(h => !role.Permissions.Contains(h)))
            {
                await auth.RevokePermissionAsync(role.Name, p, cancellationToken).ConfigureAwait(false);
                Changed($"role {role.Name}: revoked {p}");
            }
            foreach (var p in role.Permissions.Where(w => !have.Contains(w)))
            {
                await auth.GrantPermissionAsync(role.Name, p, cancellationToken).ConfigureAwait(false);
                Changed($"role {role.Name}: granted {p}");
            }
        }

        var users = (await auth.ListUsersAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        // root first: once it exists with its role, auth can be enabled even if a later step is interrupted.
        foreach (var user in policy.Users.OrderBy(u => u.Name == EtcdAuthPolicy.RootUser ? 0 : 1))
        {
            IReadOnlyList<string> granted = [];
            if (!users.Contains(user.Name))
            {
                await auth.AddUserAsync(user.Name, cancellationToken).ConfigureAwait(false);
                Changed($"user {user.Name} added (client certificate CN, no password)");
            }
            else
            {
                granted = await auth.GetUserRolesAsync(user.Name, cancellationToken).ConfigureAwait(false);
            }
            foreach (var r in granted.Where(g => !user.Roles.Contains(g)))
            {
                await auth.RevokeRoleAsync(user.Name, r, cancellationToken).ConfigureAwait(false);
                Changed($"user {user.Name}: role {r} revoked");
            }
            foreach (var r in user.Roles.Where(w => !granted.Contains(w)))
            {
                await auth.GrantRoleAsync(user.Name, r, cancellationToken).ConfigureAwait(false);
                Changed($"user {user.Name}: role {r} granted");
            }
        }

        if (!await auth.IsEnabledAsync(cancellationToken).ConfigureAwait(false))
        {
            await auth.EnableAsync(cancellationToken).ConfigureAwait(false);
            Changed("authentication enabled");
        }
        return changes;
    }
}
