#pragma warning disable CS1591 // YAML shape, documented in samples/inventory.yaml
namespace K8sBare.Cluster.Inventory.Documents;

/// <summary>YAML shape of the inventory (see samples/inventory/twenty.yaml).</summary>
internal sealed class VersionsDocument
{
    public string? Kubernetes { get; set; }

    public string? Etcd { get; set; }

    public string? Containerd { get; set; }

    public string? Flannel { get; set; }

    public string? CoreDns { get; set; }

    public string? CniPlugins { get; set; }
}
