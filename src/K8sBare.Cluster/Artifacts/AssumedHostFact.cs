namespace K8sBare.Cluster.Artifacts;

/// <summary>
/// A fact about a host that rendering needed, was neither declared in the spec nor gathered from the host, and so
/// was assumed. Offline renders (<c>render</c>, <c>plan --folder</c>) list them in PLAN.md and as warnings; an apply
/// gathers the facts from the hosts and assumes nothing.
/// </summary>
/// <param name="Host">The node name.</param>
/// <param name="Fact">What was assumed, e.g. <c>systemd-resolved</c>.</param>
/// <param name="Assumed">The value used and what it decided.</param>
/// <param name="SpecField">The spec field that declares it (and removes the assumption).</param>
public sealed record AssumedHostFact(string Host, string Fact, string Assumed, string SpecField)
{
    /// <inheritdoc />
    public override string ToString() => $"{Host}: {Fact} not known, assumed {Assumed}. Declare it with {SpecField}, or apply against the host (facts are gathered there).";
}
