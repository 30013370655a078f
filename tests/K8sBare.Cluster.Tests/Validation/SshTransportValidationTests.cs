using K8sBare.Cluster;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Inventory;
using K8sBare.Cluster.Planning;
using K8sBare.Cluster.Validation;
using K8sBare.Remote;
using K8sBare.Remote.Errors;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Validation;

/// <summary>
/// Validation accepts what the chosen SSH transport accepts (issue 13 §5): OpenSSH without a key file uses ssh_config,
/// the agent and the default keys; SSH.NET needs a key file. And the choice is made in the builder and the inventory.
/// </summary>
public sealed class SshTransportValidationTests
{
    private const string Nodes = """
        nodes:
          - { name: master, address: 10.0.0.10, roles: [control-plane, etcd] }
          - { name: node-1, address: 10.0.0.11, roles: [worker] }
        """;

    [Fact]
    public void An_agent_only_node_with_user_and_port_but_no_identity_file_is_valid_for_apply_over_OpenSsh()
    {
        // The reported example: a key held only by ssh-agent or a hardware token. Refused before the fix.
        var spec = InventoryLoader.Parse("ssh: { user: admin, port: 2222 }\n" + Nodes);
        var report = spec.Validate(ValidationOptions.ForApply);
        Assert.True(report.IsValid, report.ToString());
        Assert.DoesNotContain(report.Problems, p => p.Field.Contains("ssh", StringComparison.Ordinal));
        Assert.All(spec.Nodes, n => Assert.Equal(SshTransport.OpenSsh, n.Ssh.ResolvedTransport));
        Assert.All(spec.Nodes, n => Assert.Equal(("admin", 2222), (n.Ssh.User, n.Ssh.Port)));
    }

    [Theory]
    [InlineData("ssh: { user: admin, port: 2222, transport: openssh }\n")]
    [InlineData("ssh: { user: admin, transport: auto }\n")]
    public void OpenSsh_chosen_or_resolved_accepts_no_key_file(string ssh)
    {
        var report = InventoryLoader.Parse(ssh + Nodes).Validate(ValidationOptions.ForApply);
        Assert.True(report.IsValid, report.ToString());
    }

    [Fact]
    public void An_agent_only_node_on_SshNet_is_refused_naming_the_field_and_both_fixes()
    {
        var spec = InventoryLoader.Parse("ssh: { user: admin, port: 2222 }\n" + """
            nodes:
              - { name: master, address: 10.0.0.10, roles: [control-plane, etcd] }
              - { name: node-1, address: 10.0.0.11, roles: [worker], ssh: { transport: sshnet } }
            """);
        var report = spec.Validate(ValidationOptions.ForApply);
        var problem = Assert.Single(report.Problems);
        Assert.Equal(("nodes[1].ssh.identityFile", ProblemCodes.SshKeyMissing), (problem.Field, problem.Code));
        Assert.Contains("SSH.NET", problem.Message);
        Assert.Contains("ssh-agent", problem.Message);
        Assert.Contains("ssh.identityFile", problem.Fix);
        Assert.Contains("transport: openssh", problem.Fix);
        // the node kept the cluster's user and port: the node-level ssh block changed one field
        Assert.Equal(("admin", 2222), (spec.Nodes[1].Ssh.User, spec.Nodes[1].Ssh.Port));
        // rendering needs no connection, so it stays valid
        Assert.True(spec.Validate(ValidationOptions.ForRender).IsValid);
    }

    [Fact]
    public void An_unknown_transport_word_is_an_inventory_error_naming_the_key()
    {
        var ex = Assert.Throws<InventoryException>(() => InventoryLoader.Parse("ssh: { transport: putty }\n" + Nodes));
        Assert.Contains(ex.Problems, p => p.StartsWith("ssh.transport", StringComparison.Ordinal) && p.Contains("openssh", StringComparison.Ordinal) && p.Contains("sshnet", StringComparison.Ordinal));
    }

    [Fact]
    public void A_key_file_makes_SshNet_the_default_and_the_builder_chooses_per_cluster_and_per_node()
    {
        var byDefault = ClusterBuilder.Create("c").AddControlPlane("m", "10.0.0.10").AddWorker("w", "10.0.0.11").WithSsh("~/.ssh/id_ed25519").Build();
        Assert.All(byDefault.Nodes, n => Assert.Equal((SshTransport.Auto, SshTransport.SshNet), (n.Ssh.Transport, n.Ssh.ResolvedTransport)));

        // cluster-wide OpenSSH (kept though WithSsh comes later), one node back on SSH.NET
        var mixed = ClusterBuilder.Create("c")
            .UseOpenSsh()
            .AddControlPlane("m", "10.0.0.10")
            .AddWorker("w", "10.0.0.11", n => n.UseSshNet())
            .WithSsh("~/.ssh/id_ed25519", "admin", 2222)
            .Build();
        Assert.Equal(SshTransport.OpenSsh, mixed.Nodes[0].Ssh.ResolvedTransport);
        Assert.Equal(SshTransport.SshNet, mixed.Nodes[1].Ssh.ResolvedTransport);
        Assert.Equal(("admin", 2222, "~/.ssh/id_ed25519"), (mixed.Nodes[1].Ssh.User, mixed.Nodes[1].Ssh.Port, mixed.Nodes[1].Ssh.IdentityFile));

        // a node's own settings naming a transport win over the cluster default
        var own = ClusterBuilder.Create("c").UseSshNet()
            .AddControlPlane("m", "10.0.0.10", n => n.WithSsh(new SshSettings { Transport = SshTransport.OpenSsh }))
            .Build();
        Assert.Equal(SshTransport.OpenSsh, own.Nodes[0].Ssh.ResolvedTransport);

        // the inventory: a cluster default and a node override
        var inv = InventoryLoader.Parse("ssh: { identityFile: /k, transport: openssh }\n" + """
            nodes:
              - { name: master, address: 10.0.0.10, roles: [control-plane, etcd] }
              - { name: node-1, address: 10.0.0.11, roles: [worker], ssh: { transport: sshnet } }
            """);
        Assert.Equal([SshTransport.OpenSsh, SshTransport.SshNet], inv.Nodes.Select(n => n.Ssh.ResolvedTransport));
    }

    [Fact]
    public async Task The_connection_factory_uses_SshNet_for_a_node_with_a_key_file()
    {
        // SSH.NET reads the key file before any network traffic; OpenSSH would have started an ssh process instead.
        using var dir = new TempDirectory();
        var node = ClusterBuilder.Create("c").AddControlPlane("m", "192.0.2.10").WithSsh(dir.Combine("no-such-key")).Build().Nodes[0];
        var ex = await Assert.ThrowsAsync<RemoteAuthenticationException>(() => new SshConnectionFactory().OpenAsync(node));
        Assert.Contains("SSH key file", ex.Message);
        Assert.Contains("does not exist", ex.Message);
    }

    [Fact]
    public void The_plan_table_shows_how_each_host_is_reached()
    {
        var spec = ClusterBuilder.Create("c").AddControlPlane("master", "192.0.2.10").AddWorker("node-1", "192.0.2.11").Build();
        var plan = new ClusterPlan
        {
            Spec = spec,
            Workflow = Workflow.Apply,
            Artifacts = new K8sBare.Cluster.Artifacts.ClusterArtifacts { Spec = spec },
            Hosts =
            [
                new HostPlan { Host = "master", Transport = HostTransport.SshNet },
                new HostPlan { Host = "node-1", Transport = HostTransport.OpenSsh },
            ],
        };
        var lines = plan.ToTable().Split('\n');
        Assert.Contains("via", lines[0]);
        Assert.Matches(@"^master\s+sshnet\s", lines[1]);
        Assert.Matches(@"^node-1\s+openssh\s", lines[2]);
    }
}
