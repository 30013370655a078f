#pragma warning disable CS1591 // YAML shape, documented in samples/inventory.yaml
namespace K8sBare.Cluster.Inventory.Documents;

/// <summary>YAML shape of the inventory (see samples/inventory/twenty.yaml): pki.subject.</summary>
internal sealed class SubjectDocument
{
    public string? Country { get; set; }
    public string? Province { get; set; }
    public string? Locality { get; set; }
    public string? OrganizationalUnit { get; set; }
}
