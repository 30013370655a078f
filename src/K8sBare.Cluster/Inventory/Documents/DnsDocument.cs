#pragma warning disable CS1591 // YAML shape, documented in samples/inventory.yaml
namespace K8sBare.Cluster.Inventory.Documents;

/// <summary>YAML shape of the inventory (see samples/inventory/twenty.yaml).</summary>
internal sealed class DnsDocument
{
    public string? Placement { get; set; }
    public string? Upstream { get; set; }
    public bool? Log { get; set; }
}
