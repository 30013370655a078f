namespace K8sBare.Pki.Inspection;

/// <summary>Where a certificate stands relative to its expiry.</summary>
public enum ExpiryStatus
{
    /// <summary>Valid beyond the warning window.</summary>
    Valid,

    /// <summary>Valid, but expires within the warning window.</summary>
    ExpiringSoon,

    /// <summary>Already expired.</summary>
    Expired,

    /// <summary>Not yet valid.</summary>
    NotYetValid,
}
