namespace K8sBare.Pki.Inspection;

/// <summary>One line of an expiry report (like <c>kubeadm certs check-expiration</c>).</summary>
public sealed record ExpiryEntry
{
    /// <summary>Where the certificate was found: a file path, or <c>path#user:NAME</c> / <c>path#cluster:NAME</c> for kubeconfigs.</summary>
    public required string Source { get; init; }

    /// <summary>Subject CN.</summary>
    public required string Subject { get; init; }

    /// <summary>Issuer CN.</summary>
    public required string Issuer { get; init; }

    /// <summary>True for CA certificates.</summary>
    public required bool IsCa { get; init; }

    /// <summary>Expiry (UTC).</summary>
    public required DateTimeOffset NotAfter { get; init; }

    /// <summary>Whole days left (negative when expired).</summary>
    public required int DaysLeft { get; init; }

    /// <summary>Status at report time.</summary>
    public required ExpiryStatus Status { get; init; }

    /// <summary>The serial number (hex, as .NET prints it): a renewal changes it.</summary>
    public string SerialNumber { get; init; } = "";

    /// <summary>The SHA-256 fingerprint of the DER certificate (uppercase hex): equal only for the same certificate.</summary>
    public string Sha256Fingerprint { get; init; } = "";
}
