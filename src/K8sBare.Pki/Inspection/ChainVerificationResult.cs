namespace K8sBare.Pki.Inspection;

/// <summary>The outcome of verifying a certificate against trusted CAs.</summary>
public sealed record ChainVerificationResult
{
    /// <summary>True when the chain builds to a trusted CA with no problems.</summary>
    public required bool IsValid { get; init; }

    /// <summary>Each problem found (empty when valid).</summary>
    public required IReadOnlyList<string> Problems { get; init; }

    /// <summary>Subjects from the leaf to the root, as far as the chain was built.</summary>
    public required IReadOnlyList<string> Chain { get; init; }
}
