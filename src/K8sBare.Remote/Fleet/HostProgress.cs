namespace K8sBare.Remote.Fleet;

/// <summary>A structured progress event: host, step, state, duration (and the error message on failure).</summary>
/// <param name="Host">The host's name.</param>
/// <param name="Step">The step's name.</param>
/// <param name="State">Started, succeeded, failed, cancelled or skipped.</param>
/// <param name="Duration">Time since the step started on the host (zero for Started and Skipped).</param>
/// <param name="Error">The failure's message when <paramref name="State"/> is Failed.</param>
public sealed record HostProgress(string Host, string Step, HostStepState State, TimeSpan Duration, string? Error = null);
