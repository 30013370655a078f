namespace K8sBare.Cluster;

/// <summary>
/// Subject fields beyond CN and O put on every certificate and CA K8sBare issues — cfssl's CSR <c>names</c>
/// (<c>C</c>, <c>ST</c>, <c>L</c>, <c>OU</c>) as "Kubernetes the hard way" writes them. CN and O stay per certificate:
/// Kubernetes reads them as user name and groups, so they are never set from here. Changing these re-issues the leaf
/// certificates on the next render; existing CAs keep the subject they were created with (a new CA would invalidate
/// every certificate it signed).
/// </summary>
public sealed record CertificateSubject
{
    /// <summary>Two-letter country code (<c>C</c>, e.g. <c>US</c>); null: none.</summary>
    public string? Country { get; init; }

    /// <summary>State or province (<c>ST</c>, e.g. <c>Oregon</c>); null: none.</summary>
    public string? Province { get; init; }

    /// <summary>Locality (<c>L</c>, e.g. <c>Portland</c>); null: none.</summary>
    public string? Locality { get; init; }

    /// <summary>Organizational unit (<c>OU</c>, e.g. <c>Kubernetes The Hard Way</c>); null: none.</summary>
    public string? OrganizationalUnit { get; init; }
}
