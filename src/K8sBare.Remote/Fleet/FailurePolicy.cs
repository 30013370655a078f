namespace K8sBare.Remote.Fleet;

/// <summary>What a fan-out does when a host fails.</summary>
public enum FailurePolicy
{
    /// <summary>Cancel the hosts still running and skip the ones not started (the default).</summary>
    StopAll,

    /// <summary>Let the other hosts finish; the failure is reported in its host's result.</summary>
    ContinueOthers,
}
