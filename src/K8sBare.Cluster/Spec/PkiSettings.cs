namespace K8sBare.Cluster;

/// <summary>How the cluster's PKI is generated.</summary>
public sealed record PkiSettings
{
    /// <summary>The key algorithm for CAs and leaf certificates.</summary>
    public KeyAlgorithmChoice KeyAlgorithm { get; init; } = KeyAlgorithmChoice.EcdsaP256;

    /// <summary>Leaf certificate validity (kubeadm: 365 days).</summary>
    public TimeSpan CertificateValidity { get; init; } = TimeSpan.FromDays(365);

    /// <summary>CA validity (kubeadm: 10 years).</summary>
    public TimeSpan CaValidity { get; init; } = TimeSpan.FromDays(3650);

    /// <summary>
    /// Encrypt Secrets at rest in etcd (kube-apiserver <c>--encryption-provider-config</c>, aescbc). The 32-byte key is
    /// generated once and kept (mode 0600) in the PKI store as <c>encryption-key</c>; losing it loses every Secret.
    /// </summary>
    public bool EncryptSecretsAtRest { get; init; }

    /// <summary>Subject fields beyond CN and O (C, ST, L, OU) on every certificate and CA; empty by default.</summary>
    public CertificateSubject Subject { get; init; } = new();
}
