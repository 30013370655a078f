using K8sBare.Cluster.Apply;

namespace K8sBare.Cluster.Operations;

/// <summary>Which leaf certificates to renew and how the cluster is then applied.</summary>
public sealed record CertificateRenewalOptions
{
    /// <summary>How the renewed files are placed and services restarted (PKI store, phases, progress). Its PKI store is the one renewed.</summary>
    public required ApplyOptions Apply { get; init; }

    /// <summary>Renew the leaves whose certificate in the PKI store expires within this many days; null renews every leaf. CAs are never renewed here (that is a CA rotation).</summary>
    public int? WithinDays { get; init; }
}
