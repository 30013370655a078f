using K8sBare.Cluster.Apply;

namespace K8sBare.Cluster.Operations;

/// <summary>The outcome of a renewal.</summary>
public sealed record CertificateRenewalResult
{
    /// <summary>The plan that ran.</summary>
    public required CertificateRenewalPlan Plan { get; init; }

    /// <summary>The catalogue entries re-issued in the PKI store.</summary>
    public required IReadOnlyList<string> Reissued { get; init; }

    /// <summary>The apply that placed them; <see cref="ApplyResult.ServiceRestarts"/> lists the services restarted.</summary>
    public required ApplyResult Applied { get; init; }

    /// <summary>The certificates on the hosts afterwards, read back from the hosts.</summary>
    public required CertificateReport After { get; init; }
}
