using K8sBare.Etcd.Tests.Support;
using K8sBare.Testing;

namespace K8sBare.Etcd.Tests.Integration;

/// <summary>
/// etcd authentication with least-privilege roles mapped from client-certificate CNs, on a real etcd: the flannel
/// identity is refused outside its prefix, the API server identity does what the API server does, the health-check
/// identity checks health and reads nothing.
/// </summary>
public sealed class AuthTests
{
    private const string ApiServer = "kube-apiserver-etcd-client";
    private const string Flannel = "flanneld";
    private const string Health = "kube-etcd-healthcheck-client";

    private static EtcdAuthPolicy Policy => EtcdAuthPolicy.ForKubernetes(ApiServer, Flannel, Health);

    private static async Task<EtcdStatusCode> Refused(Func<Task> call) => (await Assert.ThrowsAsync<EtcdException>(call)).Code;

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task The_flannel_identity_cannot_read_the_registry_and_the_apiserver_identity_works(string version)
    {
        await using var cluster = await EtcdTestCluster.StartAsync(1, version);
        using var root = cluster.CreateClientAs("root");
        using var flannel = cluster.CreateClientAs(Flannel);
        await root.PutAsync("/registry/secrets/default/db-password", "hunter2");

        // Before auth every certificate of the CA reads everything: the fault this fixes.
        Assert.Equal("hunter2", (await flannel.GetAsync("/registry/secrets/default/db-password"))!.Value);
        Assert.False(await root.Auth.IsEnabledAsync());

        var changes = await new EtcdAccessControl(root).ApplyAsync(Policy);
        Assert.Contains("authentication enabled", changes);
        Assert.True(await root.Auth.IsEnabledAsync());
        Assert.Empty(await new EtcdAccessControl(root).ApplyAsync(Policy)); // idempotent

        // flannel: refused on /registry, whole and in part; free under its prefix, leases included.
        Assert.Equal(EtcdStatusCode.PermissionDenied, await Refused(() => flannel.GetAsync("/registry/secrets/default/db-password")));
        Assert.Equal(EtcdStatusCode.PermissionDenied, await Refused(() => flannel.GetPrefixAsync("/registry/")));
        Assert.Equal(EtcdStatusCode.PermissionDenied, await Refused(() => flannel.PutAsync("/registry/secrets/default/evil", "x")));
        Assert.Equal(EtcdStatusCode.PermissionDenied, await Refused(() => flannel.GetAsync("/coreos.com/networks-elsewhere")));
        await flannel.PutAsync("/coreos.com/network/config", """{"Network":"10.200.0.0/16"}""");
        var lease = await flannel.GrantLeaseAsync(TimeSpan.FromMinutes(1));
        await flannel.PutAsync("/coreos.com/network/subnets/10.200.1.0-24", """{"PublicIP":"192.0.2.11"}""", lease.Id);
        Assert.Single(await new FlannelEtcdStore(flannel).ListSubnetLeasesAsync());
        await flannel.KeepAliveLeaseAsync(lease.Id);
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        await foreach (var e in flannel.WatchPrefixAsync("/coreos.com/network/subnets/", 1, cts.Token))
        {
            Assert.Equal("/coreos.com/network/subnets/10.200.1.0-24", e.Kv.Key);
            break;
        }

        // The API server: reads, writes, transactions, watches, leases and compaction anywhere — but no auth changes.
        using var api = cluster.CreateClientAs(ApiServer);
        Assert.Equal("hunter2", (await api.GetAsync("/registry/secrets/default/db-password"))!.Value);
        var rev = await api.PutAsync("/registry/configmaps/default/c", "v1");
        Assert.True((await api.CompareAndSwapAsync("/registry/configmaps/default/c", EtcdCondition.ModRevisionEquals(rev), "v2")).Succeeded);
        Assert.NotEmpty(await api.GetPrefixAsync("/registry/"));
        Assert.Equal("""{"Network":"10.200.0.0/16"}""", (await api.GetAsync("/coreos.com/network/config"))!.Value);
        var apiLease = await api.GrantLeaseAsync(TimeSpan.FromMinutes(1));
        await api.PutAsync("/registry/masterleases/192.0.2.10", "x", apiLease.Id);
        await api.RevokeLeaseAsync(apiLease.Id);
        await api.CompactAsync(rev);
        Assert.Equal(1, await api.DeleteAsync("/registry/configmaps/default/c"));
        Assert.Equal(EtcdStatusCode.PermissionDenied, await Refused(() => api.Auth.ListUsersAsync()));
        Assert.Equal(EtcdStatusCode.PermissionDenied, await Refused(() => api.AddMemberAsync([new Uri($"https://127.0.0.1:{EtcdPorts.Next()}")], isLearner: true)));

        // The health-check identity: health yes, data no.
        using var health = cluster.CreateClientAs(Health);
        Assert.True(await health.IsHealthyAsync(cluster.ClientUrls[0]));
        Assert.All(await health.CheckMembersHealthAsync(), h => Assert.True(h.Healthy, h.Error));
        Assert.Equal(EtcdStatusCode.PermissionDenied, await Refused(() => health.GetAsync("/registry/secrets/default/db-password")));
        Assert.Equal(EtcdStatusCode.PermissionDenied, await Refused(() => health.GetAsync("/coreos.com/network/config")));

        // Any other certificate of the same CA (no user of that name) reads nothing.
        using var stranger = cluster.CreateClient(); // CN etcd-client
        Assert.Equal(EtcdStatusCode.PermissionDenied, await Refused(() => stranger.GetAsync("/registry/secrets/default/db-password")));
        var ctl = await cluster.EtcdctlAsync("get", "/registry/secrets/default/db-password");
        Assert.NotEqual(0, ctl.ExitCode);
        Assert.Contains("permission denied", ctl.StdErr + ctl.StdOut);
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task A_drifted_role_or_user_is_brought_back_to_the_policy(string version)
    {
        await using var cluster = await EtcdTestCluster.StartAsync(1, version);
        using var root = cluster.CreateClientAs("root");
        var control = new EtcdAccessControl(root);
        await control.ApplyAsync(Policy);

        // Someone widens flannel's role and gives the health check the API server's role.
        await root.Auth.GrantPermissionAsync(EtcdAuthPolicy.FlannelRole, EtcdPermission.Prefix("/registry/", EtcdPermissionType.Read));
        await root.Auth.GrantRoleAsync(Health, EtcdAuthPolicy.ApiServerRole);
        using var flannel = cluster.CreateClientAs(Flannel);
        await root.PutAsync("/registry/secrets/s", "x");
        Assert.NotNull(await flannel.GetAsync("/registry/secrets/s")); // the drift is real

        var changes = await control.ApplyAsync(Policy);
        Assert.Equal(2, changes.Count);
        Assert.Contains(changes, c => c.StartsWith("role flanneld: revoked read on [/registry/, /registry0)", StringComparison.Ordinal));
        Assert.Contains($"user {Health}: role kube-apiserver revoked", changes);
        Assert.Equal(EtcdStatusCode.PermissionDenied, await Refused(() => flannel.GetAsync("/registry/secrets/s")));
        Assert.Empty(await root.Auth.GetUserRolesAsync(Health));
        Assert.Equal([EtcdPermission.Prefix("/coreos.com/network/", EtcdPermissionType.ReadWrite)],
            await root.Auth.GetPermissionsAsync(EtcdAuthPolicy.FlannelRole));
    }

    [Fact]
    public async Task A_policy_without_root_or_with_an_unknown_role_is_refused_before_anything_is_sent()
    {
        var noRoot = new EtcdAuthPolicy { Users = [new EtcdUser { Name = ApiServer, Roles = ["nope"] }] };
        var problems = noRoot.Validate();
        Assert.Contains(problems, p => p.Contains("add the user 'root' with the role 'root'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("role 'nope', which is not in EtcdAuthPolicy.Roles", StringComparison.Ordinal));
        Assert.Empty(Policy.Validate());
        // ApplyAsync refuses it without a connection: the endpoint below does not exist.
        using var client = new EtcdClient(new EtcdClientOptions { Endpoints = [new Uri("http://127.0.0.1:1")] });
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => new EtcdAccessControl(client).ApplyAsync(noRoot));
        Assert.Contains("root", ex.Message);
    }
}
