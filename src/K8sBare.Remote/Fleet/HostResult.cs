namespace K8sBare.Remote.Fleet;

/// <summary>One host's outcome of a fan-out step.</summary>
/// <typeparam name="T">The step's value type.</typeparam>
/// <param name="Host">The host's name.</param>
/// <param name="State">Succeeded, failed, cancelled or skipped.</param>
/// <param name="Value">The step's value when it succeeded.</param>
/// <param name="Error">The exception when it failed.</param>
/// <param name="Duration">How long the step ran on the host.</param>
public sealed record HostResult<T>(string Host, HostStepState State, T? Value, Exception? Error, TimeSpan Duration)
{
    /// <summary>True when the step succeeded on this host.</summary>
    public bool Succeeded => State == HostStepState.Succeeded;
}
