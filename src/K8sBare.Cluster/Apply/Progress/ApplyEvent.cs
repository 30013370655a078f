namespace K8sBare.Cluster.Apply;

/// <summary>One structured progress event of a plan or apply.</summary>
/// <param name="Phase">The phase.</param>
/// <param name="Host">The host, or null for cluster-wide steps.</param>
/// <param name="Step">What is being done (e.g. <c>files</c>, <c>start etcd</c>).</param>
/// <param name="State">Started, changed, unchanged, skipped, warning or failed.</param>
/// <param name="Duration">How long the step took (zero for Started).</param>
/// <param name="Message">Details (never secrets).</param>
public sealed record ApplyEvent(ApplyPhase Phase, string? Host, string Step, ApplyEventState State, TimeSpan Duration, string? Message = null)
{
    /// <summary>One line for logs.</summary>
    public override string ToString() =>
        $"[{ApplyPhases.Name(Phase)}]{(Host is null ? "" : " " + Host)} {Step}: {State.ToString().ToLowerInvariant()}"
        + (Duration > TimeSpan.Zero ? $" ({Duration.TotalMilliseconds:0} ms)" : "")
        + (Message is null ? "" : " — " + Message);
}
