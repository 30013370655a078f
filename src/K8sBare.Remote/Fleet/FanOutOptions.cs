namespace K8sBare.Remote.Fleet;

/// <summary>Parallelism, failure policy and progress reporting of a fan-out.</summary>
public sealed record FanOutOptions
{
    /// <summary>Default options: 16 hosts at a time, stop all on failure, no progress.</summary>
    public static FanOutOptions Default { get; } = new();

    /// <summary>How many hosts run the step at the same time (at least 1).</summary>
    public int MaxParallelism { get; init; } = 16;

    /// <summary>What happens to the other hosts when one fails.</summary>
    public FailurePolicy FailurePolicy { get; init; } = FailurePolicy.StopAll;

    /// <summary>Receives a <see cref="HostProgress"/> for every state change; may be called from several threads.</summary>
    public IProgress<HostProgress>? Progress { get; init; }
}
