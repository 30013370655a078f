namespace K8sBare.Remote.Fleet;

/// <summary>Where one host is in a step.</summary>
public enum HostStepState
{
    /// <summary>The step started on the host.</summary>
    Started,

    /// <summary>The step finished successfully.</summary>
    Succeeded,

    /// <summary>The step failed on the host.</summary>
    Failed,

    /// <summary>The step was cancelled on the host (another host failed under <see cref="FailurePolicy.StopAll"/>, or the caller cancelled).</summary>
    Cancelled,

    /// <summary>The step never started on the host.</summary>
    Skipped,
}
