namespace K8sBare.Pki.Inspection;

/// <summary>A subject or issuer name broken into its attributes (cfssl-certinfo's <c>subject</c>/<c>issuer</c>).</summary>
public sealed record CertificateName
{
    /// <summary>CN.</summary>
    public string? CommonName { get; init; }

    /// <summary>O values in encoded order (Kubernetes groups).</summary>
    public IReadOnlyList<string> Organizations { get; init; } = [];

    /// <summary>OU values.</summary>
    public IReadOnlyList<string> OrganizationalUnits { get; init; } = [];

    /// <summary>L.</summary>
    public string? Locality { get; init; }

    /// <summary>ST.</summary>
    public string? Province { get; init; }

    /// <summary>C.</summary>
    public string? Country { get; init; }

    /// <summary>The whole name as .NET formats it (e.g. <c>CN=admin, O=system:masters</c>).</summary>
    public required string DistinguishedName { get; init; }
}
