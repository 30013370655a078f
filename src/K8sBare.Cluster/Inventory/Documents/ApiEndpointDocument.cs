#pragma warning disable CS1591 // YAML shape, documented in samples/inventory.yaml
namespace K8sBare.Cluster.Inventory.Documents;

/// <summary>YAML shape of the inventory (see samples/inventory/twenty.yaml).</summary>
internal sealed class ApiEndpointDocument
{
    public string? Mode { get; set; }
    public string? Host { get; set; }
    public string? VirtualIp { get; set; }
    public int? Port { get; set; }
    public int? LocalProxyPort { get; set; }
    public int? VirtualIpPrefixLength { get; set; }
    public string? Interface { get; set; }

    public List<string>? ExtraSans { get; set; }
}
