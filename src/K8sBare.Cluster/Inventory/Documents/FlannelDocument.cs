#pragma warning disable CS1591 // YAML shape, documented in samples/inventory.yaml
namespace K8sBare.Cluster.Inventory.Documents;

/// <summary>YAML shape of the inventory (see samples/inventory/twenty.yaml).</summary>
internal sealed class FlannelDocument
{
    public string? Backend { get; set; }
    public string? EtcdPrefix { get; set; }
    public string? Interface { get; set; }
    public bool? IpMasquerade { get; set; }

    public int? Vni { get; set; }

    public int? Port { get; set; }

    public string? SubnetMin { get; set; }

    public string? SubnetMax { get; set; }
}
