namespace K8sBare.Cluster.Apply;

/// <summary>
/// A phase failed on one or more hosts; nothing after that phase ran. <see cref="Failures"/> says where and why as data
/// (phase, host, step, cause); <see cref="Partial"/> what was done. Running apply again resumes.
/// </summary>
public sealed class ApplyException : ClusterException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="phase">The failed phase.</param>
    /// <param name="failures">What failed where, each with its fix.</param>
    /// <param name="partial">What was done before the failure.</param>
    public ApplyException(ApplyPhase phase, IReadOnlyList<ApplyFailure> failures, ApplyResult partial)
        : base($"Phase '{ApplyPhases.Name(phase)}' failed:\n" + string.Join("\n", (failures ?? []).Select(f => "  " + f))
               + "\nFix the cause and run apply again; finished work is kept and not redone.")
    {
        Phase = phase;
        Failures = failures ?? [];
        Partial = partial;
    }

    /// <summary>The phase that failed.</summary>
    public ApplyPhase Phase { get; }

    /// <summary>The failures: phase, host (null for cluster-wide steps), step and cause.</summary>
    public IReadOnlyList<ApplyFailure> Failures { get; }

    /// <summary>What the apply had done before it stopped.</summary>
    public ApplyResult Partial { get; }
}
