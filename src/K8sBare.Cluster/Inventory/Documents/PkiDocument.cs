#pragma warning disable CS1591 // YAML shape, documented in samples/inventory.yaml
namespace K8sBare.Cluster.Inventory.Documents;

/// <summary>YAML shape of the inventory (see samples/inventory/twenty.yaml).</summary>
internal sealed class PkiDocument
{
    public string? KeyAlgorithm { get; set; }
    public int? CertificateValidityDays { get; set; }
    public int? CaValidityDays { get; set; }

    public bool? EncryptSecretsAtRest { get; set; }

    public SubjectDocument? Subject { get; set; }
}
