#pragma warning disable CS1591 // YAML shape, documented in samples/inventory.yaml
namespace K8sBare.Cluster.Inventory.Documents;

/// <summary>YAML shape of the inventory (see samples/inventory/twenty.yaml).</summary>
internal sealed class BinaryDocument
{
    public string? File { get; set; }
    public string? Url { get; set; }
    public string? Sha256 { get; set; }
    public string? OnHost { get; set; }
}
