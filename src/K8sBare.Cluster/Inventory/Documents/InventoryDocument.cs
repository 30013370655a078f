#pragma warning disable CS1591 // YAML shape, documented in samples/inventory.yaml
namespace K8sBare.Cluster.Inventory.Documents;

/// <summary>YAML shape of the inventory (see samples/inventory/twenty.yaml).</summary>
internal sealed class InventoryDocument
{
    public string? Name { get; set; }
    public VersionsDocument? Versions { get; set; }
    public NetworkDocument? Network { get; set; }
    public FlannelDocument? Flannel { get; set; }
    public DnsDocument? Dns { get; set; }
    public ApiEndpointDocument? ApiEndpoint { get; set; }
    public PkiDocument? Pki { get; set; }
    public SshDocument? Ssh { get; set; }
    public Dictionary<string, BinaryDocument>? Binaries { get; set; }
    public List<NodeDocument>? Nodes { get; set; }

    public Dictionary<string, Dictionary<string, string>>? ExtraArgs { get; set; }
}
