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
}
