namespace K8sBare.Cluster.Apply;

/// <summary>Shortcuts over <see cref="Workflow.Apply"/>: its phases, names and parsing.</summary>
public static class ApplyPhases
{
    /// <summary>Every phase of the apply workflow in run order.</summary>
    public static IReadOnlyList<ApplyPhase> All => Workflow.Apply.Phases;

    /// <summary>The phases that only write to hosts (no running cluster needed).</summary>
    public static IReadOnlyList<ApplyPhase> Offline { get; } = [ApplyPhase.Preflight, ApplyPhase.Prepare, ApplyPhase.Pki, ApplyPhase.Binaries, ApplyPhase.Files];

    /// <summary>The kebab-case name of a phase.</summary>
    /// <param name="phase">The phase.</param>
    public static string Name(ApplyPhase phase)
    {
        ArgumentNullException.ThrowIfNull(phase);
        return phase.Name;
    }

    /// <summary>Parses a phase name (kebab-case or PascalCase, case-insensitive).</summary>
    /// <param name="name">e.g. <c>control-plane</c>.</param>
    /// <exception cref="ArgumentException">Unknown phase; the message lists the known ones.</exception>
    public static ApplyPhase Parse(string name) => Workflow.Apply.Phase(name);
}
