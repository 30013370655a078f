using K8sBare.Cluster;
using K8sBare.Cluster.Inventory;
using K8sBare.Cluster.Validation;
using K8sBare.Testing;

namespace K8sBare.Cluster.Tests.Inventory;

public sealed class InventoryLoaderTests
{
    private static string SamplePath() => RepositoryPaths.Combine("samples", "inventory", "twenty.yaml");

    [Fact]
    public void The_sample_inventory_is_the_twenty_dollar_cluster()
    {
        var spec = InventoryLoader.Load(SamplePath());

        Assert.Equal("twenty", spec.Name);
        Assert.Equal(["master", "node-1", "node-2"], spec.Nodes.Select(n => n.Name));
        Assert.Equal(NodeRoles.ControlPlane | NodeRoles.Etcd, spec.Nodes[0].Roles);
        Assert.Equal(NodeRoles.Worker, spec.Nodes[2].Roles);
        Assert.Equal(InitSystem.OpenRc, spec.Nodes[2].InitSystem);
        Assert.Equal(InitSystem.Systemd, spec.Nodes[1].InitSystem);
        Assert.Equal("10.0.0.11", spec.Nodes[1].Address);
        Assert.Equal(FlannelBackend.Vxlan, spec.Flannel.Backend);
        Assert.Equal(CoreDnsPlacement.HostServiceOnWorkers, spec.Dns.Placement);
        Assert.Equal("10.32.0.10", spec.Network.DnsServiceIp);
        Assert.Equal(BinarySourceKind.LocalFile, spec.Binaries["etcd"].Kind);
        Assert.Equal("/usr/bin/containerd", spec.Binaries["containerd"].HostPath);
        Assert.Equal("~/.ssh/id_ed25519", spec.Nodes[2].Ssh.IdentityFile);
        Assert.True(spec.Validate(K8sBare.Cluster.Validation.ValidationOptions.ForRender).IsValid, spec.Validate().ToString());
    }

    [Fact]
    public void Relative_paths_resolve_against_the_inventory_folder()
    {
        using var dir = new TempDirectory();
        var yaml = "ssh: { identityFile: keys/id }\nbinaries: { etcd: { file: bin/etcd } }\nnodes: [ { name: a, address: 10.0.0.1, roles: [control-plane, etcd, worker] } ]\n";
        File.WriteAllText(dir.Combine("inv.yaml"), yaml);

        var spec = InventoryLoader.Load(dir.Combine("inv.yaml"));

        Assert.Equal(dir.Combine("keys", "id"), spec.Nodes[0].Ssh.IdentityFile);
        Assert.Equal(dir.Combine("bin", "etcd"), spec.Binaries["etcd"].LocalPath);
    }

    [Fact]
    public void Unknown_keys_are_reported_with_their_line()
    {
        var ex = Assert.Throws<InventoryException>(() => InventoryLoader.Parse("name: x\nnodez: []\n"));
        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("nodez", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_words_are_all_reported_with_their_field()
    {
        var yaml = "flannel: { backend: udp }\napiEndpoint: { mode: haproxy }\nnodes: [ { name: a, address: 10.0.0.1, roles: [boss], init: runit } ]\n";
        var ex = Assert.Throws<InventoryException>(() => InventoryLoader.Parse(yaml));
        Assert.Equal(4, ex.Problems.Count);
        Assert.Contains(ex.Problems, p => p.StartsWith("flannel.backend:", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("apiEndpoint.mode:", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("nodes[0].roles:", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("nodes[0].init:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_binary_with_two_sources_is_rejected()
    {
        var ex = Assert.Throws<InventoryException>(() => InventoryLoader.Parse("binaries: { etcd: { file: /a, onHost: /b } }\n"));
        Assert.Contains("binaries.etcd", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Semantic_problems_surface_through_Validate()
    {
        var spec = InventoryLoader.Parse("nodes:\n  - { name: m, address: 10.0.0.1, roles: [control-plane, etcd] }\n  - { name: m, address: 10.0.0.1, roles: [worker] }\n");
        var fields = spec.Validate(K8sBare.Cluster.Validation.ValidationOptions.ForRender).Errors.Select(e => e.Field).ToList();
        Assert.Contains("nodes[1].name", fields);
        Assert.Contains("nodes[1].address", fields);
    }

    // Reviewer's finding: bad input came in three rounds (YAML shape, then words, then the spec's semantics).
    // One inventory with one problem of each kind gives all three at once, each under its YAML key path with its line.
    [Fact]
    public void Shape_words_and_semantics_come_in_one_round_with_key_paths_and_lines()
    {
        var yaml = "network: { podCidr: 10.200.0.0/16, nodeSubnetLength: big }\n" +
            "flannel: { backend: udp }\n" +
            "nodes:\n" +
            "  - { name: m, address: 10.0.0.1, roles: [control-plane, etcd] }\n" +
            "  - { name: m, address: 10.0.0.2, roles: [worker] }\n";
        var ex = Assert.Throws<InventoryException>(() => InventoryLoader.Parse(yaml, ValidationOptions.ForRender));
        var byPath = ex.Details.ToDictionary(p => p.Path);
        Assert.Equal(["flannel.backend", "network.nodeSubnetLength", "nodes[1].name"], byPath.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(ProblemCodes.InventoryWrongType, byPath["network.nodeSubnetLength"].Code);
        Assert.Equal(ProblemCodes.UnknownValue, byPath["flannel.backend"].Code);
        Assert.Equal(ProblemCodes.NodeNameDuplicate, byPath["nodes[1].name"].Code);
        Assert.Equal(5, byPath["nodes[1].name"].Line);
        Assert.All(ex.Details, p => Assert.NotEmpty(p.Fix));
        // The shape-only reading still stops at the shape (its callers validate themselves).
        Assert.Equal(2, Assert.Throws<InventoryException>(() => InventoryLoader.Parse(yaml)).Details.Count);
    }

    // A value that could not be read is not reported again by validation (its default would only repeat the problem).
    [Fact]
    public void A_key_that_could_not_be_read_is_not_reported_twice()
    {
        var ex = Assert.Throws<InventoryException>(() => InventoryLoader.Parse("nodes:\n  - { name: [a], address: 10.0.0.1, roles: [control-plane, etcd, worker] }\n", ValidationOptions.ForRender));
        Assert.Equal("nodes[0].name", Assert.Single(ex.Details).Path);
    }

    // Reviewer's finding: binaries.*.file (and every relative path) could point anywhere through '..'.
    [Theory]
    [InlineData("binaries: { etcd: { file: ../../usr/bin/etcd } }\n", "binaries.etcd.file")]
    [InlineData("ssh: { identityFile: ../keys/id }\n", "ssh.identityFile")]
    [InlineData("binaries: { etcd: { file: bin/../../etcd } }\n", "binaries.etcd.file")]
    public void A_relative_path_that_leaves_the_inventory_folder_is_refused(string yaml, string field)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("inv.yaml"), yaml + "nodes: [ { name: a, address: 10.0.0.1, roles: [control-plane, etcd, worker] } ]\n");
        var ex = Assert.Throws<InventoryException>(() => InventoryLoader.Load(dir.Combine("inv.yaml")));
        var problem = Assert.Single(ex.Details);
        Assert.Equal(field, problem.Path);
        Assert.Equal(ProblemCodes.InventoryPathEscapes, problem.Code);
        Assert.Contains("leaves the inventory's folder", problem.Message, StringComparison.Ordinal);
        Assert.Contains("absolute path", problem.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Absolute_and_inside_paths_are_kept()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("inv.yaml"), "binaries: { etcd: { file: /usr/bin/etcd }, kubelet: { file: bin/./sub/../kubelet } }\n" +
            "nodes: [ { name: a, address: 10.0.0.1, roles: [control-plane, etcd, worker] } ]\n");
        var spec = InventoryLoader.Load(dir.Combine("inv.yaml"));
        Assert.Equal("/usr/bin/etcd", spec.Binaries["etcd"].LocalPath);
        Assert.Equal(dir.Combine("bin", "kubelet"), spec.Binaries["kubelet"].LocalPath);
    }

    // Reviewer's finding: the render's warning told YAML users to set nodes[i].resolvConf, which the inventory lacked.
    [Fact]
    public void A_node_resolv_conf_is_an_inventory_key()
    {
        var spec = InventoryLoader.Parse("nodes: [ { name: a, address: 10.0.0.1, roles: [control-plane, etcd, worker], resolvConf: /run/systemd/resolve/resolv.conf } ]\n");
        Assert.Equal("/run/systemd/resolve/resolv.conf", spec.Nodes[0].ResolvConf);
        var ex = Assert.Throws<InventoryException>(() => InventoryLoader.Parse("nodes: [ { name: a, address: 10.0.0.1, roles: [control-plane, etcd, worker], resolvConf: etc/resolv.conf } ]\n", ValidationOptions.ForRender));
        Assert.Equal(("nodes[0].resolvConf", ProblemCodes.ResolvConfInvalid), (Assert.Single(ex.Details).Path, ex.Details[0].Code));
    }
}
