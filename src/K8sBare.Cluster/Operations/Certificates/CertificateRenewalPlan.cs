namespace K8sBare.Cluster.Operations;

/// <summary>What a renewal will do, decided after the CA check and before anything changes.</summary>
public sealed record CertificateRenewalPlan
{
    /// <summary>The PKI catalogue entries to re-issue (same key, same identity, from the same CA), with their current expiry.</summary>
    public required IReadOnlyDictionary<string, DateTimeOffset> ToRenew { get; init; }

    /// <summary>The files on the hosts that change (<c>host:path</c>), certificate files and kubeconfigs that embed them.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>The CAs checked on the hosts (catalogue entry → SHA-256 fingerprint), all equal to the PKI store's.</summary>
    public required IReadOnlyDictionary<string, string> CertificateAuthorities { get; init; }

    /// <summary>The ordered steps, for display.</summary>
    public required IReadOnlyList<string> Steps { get; init; }

    /// <inheritdoc />
    public override string ToString() => string.Join(Environment.NewLine, Steps.Select((s, i) => $"{i + 1}. {s}"));
}
