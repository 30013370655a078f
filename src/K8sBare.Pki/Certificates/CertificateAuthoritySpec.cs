using K8sBare.Pki.Keys;

namespace K8sBare.Pki.Certificates;

/// <summary>What a self-signed CA certificate says (kubeadm defaults: 10-year validity, RSA-2048).</summary>
public sealed record CertificateAuthoritySpec
{
    /// <summary>kubeadm's CA validity (ten years).</summary>
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(3650);

    /// <summary>The CA common name (kubeadm: <c>kubernetes</c>, <c>etcd-ca</c>, <c>front-proxy-ca</c>).</summary>
    public required string CommonName { get; init; }

    /// <summary>Subject organizations.</summary>
    public IReadOnlyList<string> Organizations { get; init; } = [];

    /// <summary>Optional organizational unit (OU).</summary>
    public string? OrganizationalUnit { get; init; }

    /// <summary>Optional locality (L).</summary>
    public string? Locality { get; init; }

    /// <summary>Optional state or province (ST).</summary>
    public string? Province { get; init; }

    /// <summary>Optional two-letter country code (C).</summary>
    public string? Country { get; init; }

    /// <summary>How long the CA is valid.</summary>
    public TimeSpan Validity { get; init; } = DefaultValidity;

    /// <summary>The CA key type.</summary>
    public KeyAlgorithm KeyAlgorithm { get; init; } = KeyAlgorithm.Rsa2048;

    /// <summary>Returns every problem with this spec (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = SubjectFields.Validate(CommonName, Organizations, Country, $"CA '{CommonName}'");
        if (Validity <= TimeSpan.Zero) problems.Add($"CA '{CommonName}': Validity {Validity} must be positive.");
        return problems;
    }
}
