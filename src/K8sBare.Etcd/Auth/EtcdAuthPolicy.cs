namespace K8sBare.Etcd;

/// <summary>
/// Who may do what in etcd: roles with key permissions and certificate users with roles. Applied by
/// <see cref="EtcdAccessControl.ApplyAsync"/>, which then enables authentication.
/// </summary>
public sealed record EtcdAuthPolicy
{
    /// <summary>etcd's administrator user; it must exist with the role <c>root</c> before auth can be enabled.</summary>
    public const string RootUser = "root";

    /// <summary>etcd's built-in administrator role.</summary>
    public const string RootRole = "root";

    /// <summary>The roles (never <c>root</c>).</summary>
    public IReadOnlyList<EtcdRole> Roles { get; init; } = [];

    /// <summary>The users; one must be <c>root</c> with the role <c>root</c>.</summary>
    public IReadOnlyList<EtcdUser> Users { get; init; } = [];

    /// <summary>The role of the Kubernetes API server: read and write on every key (not <c>root</c>: no auth or membership changes).</summary>
    public const string ApiServerRole = "kube-apiserver";

    /// <summary>The role of flanneld: read and write under its prefix only.</summary>
    public const string FlannelRole = "flanneld";

    /// <summary>
    /// Least privilege for a Kubernetes cluster whose etcd also holds flannel's network: the API server reads and
    /// writes every key; flannel only its prefix (so a worker's certificate cannot read <c>/registry/secrets</c>);
    /// the health-check identity gets no key at all (etcdctl's health read counts "permission denied" as
    /// healthy, and member list and status need no permission); <c>root</c> administers.
    /// </summary>
    /// <param name="apiServerUser">The CN of the API server's etcd client certificate (<c>kube-apiserver-etcd-client</c>).</param>
    /// <param name="flannelUser">The CN of flanneld's etcd client certificate (<c>flanneld</c>), or null when flannel does not use etcd.</param>
    /// <param name="healthCheckUser">The CN of the health-check / etcdctl certificate (<c>kube-etcd-healthcheck-client</c>), or null.</param>
    /// <param name="flannelPrefix">flanneld's <c>--etcd-prefix</c> (default <c>/coreos.com/network</c>).</param>
    public static EtcdAuthPolicy ForKubernetes(string apiServerUser, string? flannelUser, string? healthCheckUser,
        string flannelPrefix = FlannelEtcdStore.DefaultPrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiServerUser);
        ArgumentException.ThrowIfNullOrWhiteSpace(flannelPrefix);
        List<EtcdRole> roles = [new EtcdRole { Name = ApiServerRole, Permissions = [EtcdPermission.AllKeys(EtcdPermissionType.ReadWrite)] }];
        List<EtcdUser> users =
        [
            new EtcdUser { Name = RootUser, Roles = [RootRole] },
            new EtcdUser { Name = apiServerUser, Roles = [ApiServerRole] },
        ];
        if (flannelUser is not null)
        {
            roles.Add(new EtcdRole { Name = FlannelRole, Permissions = [EtcdPermission.Prefix(flannelPrefix.TrimEnd('/') + "/", EtcdPermissionType.ReadWrite)] });
            users.Add(new EtcdUser { Name = flannelUser, Roles = [FlannelRole] });
        }
        if (healthCheckUser is not null) users.Add(new EtcdUser { Name = healthCheckUser });
        return new EtcdAuthPolicy { Roles = roles, Users = users };
    }

    /// <summary>Every problem that would make etcd refuse the policy or leave no administrator; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Users.Any(u => u.Name == RootUser && u.Roles.Contains(RootRole)))
            problems.Add($"EtcdAuthPolicy.Users: add the user '{RootUser}' with the role '{RootRole}' (etcd refuses to enable auth without it, and it is the only identity that can change auth later).");
        foreach (var g in Users.GroupBy(u => u.Name).Where(g => g.Count() > 1))
            problems.Add($"EtcdAuthPolicy.Users: '{g.Key}' is listed {g.Count()} times; list each certificate CN once.");
        foreach (var g in Roles.GroupBy(r => r.Name).Where(g => g.Count() > 1))
            problems.Add($"EtcdAuthPolicy.Roles: '{g.Key}' is listed {g.Count()} times.");
        foreach (var r in Roles)
        {
            if (string.IsNullOrWhiteSpace(r.Name)) problems.Add("EtcdAuthPolicy.Roles: a role has no name.");
            if (r.Name == RootRole) problems.Add($"EtcdAuthPolicy.Roles: '{RootRole}' is etcd's built-in role; grant it to users instead of defining it.");
        }
        var known = Roles.Select(r => r.Name).Append(RootRole).ToHashSet(StringComparer.Ordinal);
        foreach (var u in Users)
        {
            if (string.IsNullOrWhiteSpace(u.Name)) problems.Add("EtcdAuthPolicy.Users: a user has no name (use the client certificate's CN).");
            foreach (var role in u.Roles.Where(r => !known.Contains(r)))
                problems.Add($"EtcdAuthPolicy.Users: user '{u.Name}' has role '{role}', which is not in EtcdAuthPolicy.Roles.");
        }
        return problems;
    }
}
