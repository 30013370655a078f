#pragma warning disable CS1591 // YAML shape, documented in samples/inventory.yaml
namespace K8sBare.Cluster.Inventory.Documents;

/// <summary>YAML shape of the inventory (see samples/inventory/twenty.yaml).</summary>
internal sealed class NetworkDocument
{
    public string? PodCidr { get; set; }
    public string? ServiceCidr { get; set; }
    public int? NodeSubnetLength { get; set; }
    public string? ClusterDomain { get; set; }
    public string? DnsServiceIp { get; set; }
    public List<string>? NodeCidrs { get; set; }
    public bool? SharedLayer2 { get; set; }
}
