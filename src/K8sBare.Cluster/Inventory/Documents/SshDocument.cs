#pragma warning disable CS1591 // YAML shape, documented in samples/inventory.yaml
namespace K8sBare.Cluster.Inventory.Documents;

/// <summary>YAML shape of the inventory (see samples/inventory/twenty.yaml).</summary>
internal sealed class SshDocument
{
    public string? User { get; set; }
    public int? Port { get; set; }
    public string? IdentityFile { get; set; }
    public string? KnownHostsFile { get; set; }
    public string? Host { get; set; }
    public string? Transport { get; set; }
}
