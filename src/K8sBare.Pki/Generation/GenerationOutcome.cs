namespace K8sBare.Pki.Generation;

/// <summary>What generation did with one catalogue entry.</summary>
public enum GenerationOutcome
{
    /// <summary>New key and certificate (nothing usable was in the store).</summary>
    Created,

    /// <summary>Taken unchanged from the store.</summary>
    Reused,

    /// <summary>The stored key was kept but the certificate was re-issued (identity changed, CA changed, or expiring soon).</summary>
    Reissued,
}
