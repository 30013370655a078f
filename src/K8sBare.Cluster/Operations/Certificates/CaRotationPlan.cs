using K8sBare.Pki.Catalog;

namespace K8sBare.Cluster.Operations;

/// <summary>
/// A CA rotation as an ordered plan of steps (data; K8sBare does not execute it yet). The shape is Kubernetes'
/// "Manual Rotation of CA Certificates" (kubernetes.io/docs/tasks/tls/manual-rotation-of-ca-certificates/): trust the
/// old and the new CA together everywhere first, then re-issue every leaf from the new CA, then drop the old CA —
/// each phase rolled one host at a time, so no component ever sees a certificate it does not trust.
/// </summary>
public sealed record CaRotationPlan
{
    /// <summary>The CA being rotated.</summary>
    public required CertificateAuthorityId Authority { get; init; }

    /// <summary>The PKI catalogue's entry of that CA.</summary>
    public required string CatalogEntry { get; init; }

    /// <summary>The leaves issued by the CA (re-issued in the plan).</summary>
    public required IReadOnlyList<string> Leaves { get; init; }

    /// <summary>The steps in order.</summary>
    public required IReadOnlyList<CaRotationStep> Steps { get; init; }

    /// <inheritdoc />
    public override string ToString() => string.Join(Environment.NewLine, Steps.Select(s =>
        $"{s.Order}. {s.Title}{(s.OneHostAtATime ? " (one host at a time)" : "")}: {string.Join(", ", s.Hosts)}" +
        (s.Services.Count > 0 ? $"; restart {string.Join(", ", s.Services)}" : "") + $"; check: {s.Check}"));
}
