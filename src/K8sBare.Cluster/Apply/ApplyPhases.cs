namespace K8sBare.Cluster.Apply;

/// <summary>Phase names as the CLI writes them (<c>control-plane</c>) and the phase order.</summary>
public static class ApplyPhases
{
    /// <summary>Every phase in run order.</summary>
    public static IReadOnlyList<ApplyPhase> All { get; } = Enum.GetValues<ApplyPhase>();

    /// <summary>The phases that only write to hosts (no running cluster needed).</summary>
    public static IReadOnlyList<ApplyPhase> Offline { get; } = [ApplyPhase.Preflight, ApplyPhase.Prepare, ApplyPhase.Pki, ApplyPhase.Binaries, ApplyPhase.Files];

    /// <summary>The kebab-case name of a phase.</summary>
    /// <param name="phase">The phase.</param>
    public static string Name(ApplyPhase phase) => phase switch
    {
        ApplyPhase.ControlPlane => "control-plane",
        _ => phase.ToString().ToLowerInvariant(),
    };

    /// <summary>Parses a phase name (kebab-case or the enum name, case-insensitive).</summary>
    /// <param name="name">e.g. <c>control-plane</c>.</param>
    /// <exception cref="ArgumentException">Unknown phase; the message lists the known ones.</exception>
    public static ApplyPhase Parse(string name)
    {
        foreach (var p in All)
            if (string.Equals(Name(p), name, StringComparison.OrdinalIgnoreCase) || string.Equals(p.ToString(), name, StringComparison.OrdinalIgnoreCase))
                return p;
        throw new ArgumentException($"Unknown phase '{name}'. Phases: {string.Join(", ", All.Select(Name))}.", nameof(name));
    }
}
