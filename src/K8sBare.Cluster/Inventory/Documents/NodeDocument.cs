#pragma warning disable CS1591 // YAML shape, documented in samples/inventory.yaml
namespace K8sBare.Cluster.Inventory.Documents;

/// <summary>YAML shape of the inventory (see samples/inventory/twenty.yaml).</summary>
internal sealed class NodeDocument
{
    public string? Name { get; set; }

    public string? HostName { get; set; }
    public string? Address { get; set; }
    public List<string>? Addresses { get; set; }
    public List<string>? Roles { get; set; }
    public string? Init { get; set; }
    public string? Arch { get; set; }
    public string? ResolvConf { get; set; }
    public SshDocument? Ssh { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
}
