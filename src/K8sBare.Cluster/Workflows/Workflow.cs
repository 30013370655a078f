namespace K8sBare.Cluster;

/// <summary>
/// An operation as a named list of phases, run in order (kubeadm's phase workflow, k0sctl's phase
/// manager). Each phase says which hosts it concerns, plans its steps and runs exactly those; each can run
/// alone. <see cref="Apply"/> is the first workflow.
/// </summary>
public sealed record Workflow
{
    /// <summary>Creates a workflow.</summary>
    /// <param name="name">Its name (<c>apply</c>).</param>
    /// <param name="phases">Its phases in run order.</param>
    public Workflow(string name, IReadOnlyList<ApplyPhase> phases)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(phases);
        Name = name;
        Phases = phases;
    }

    /// <summary>The name.</summary>
    public string Name { get; }

    /// <summary>The phases in run order.</summary>
    public IReadOnlyList<ApplyPhase> Phases { get; }

    /// <summary>Build or converge the whole cluster: preflight, prepare, pki, binaries, files, etcd, network, control-plane, rbac, workers, verify.</summary>
    public static Workflow Apply { get; } = new("apply",
    [
        ApplyPhase.Preflight, ApplyPhase.Prepare, ApplyPhase.Pki, ApplyPhase.Binaries, ApplyPhase.Files, ApplyPhase.Etcd,
        ApplyPhase.Network, ApplyPhase.ControlPlane, ApplyPhase.Rbac, ApplyPhase.Workers, ApplyPhase.Verify,
    ]);

    /// <summary>The phase named <paramref name="name"/> (kebab-case or PascalCase, case-insensitive).</summary>
    /// <param name="name">e.g. <c>control-plane</c> or <c>ControlPlane</c>.</param>
    /// <exception cref="ArgumentException">Unknown phase; the message lists this workflow's phases.</exception>
    public ApplyPhase Phase(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var wanted = name.Replace("-", "", StringComparison.Ordinal);
        return Phases.FirstOrDefault(p => string.Equals(p.Name.Replace("-", "", StringComparison.Ordinal), wanted, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Unknown phase '{name}'. Phases of '{Name}': {string.Join(", ", Phases.Select(p => p.Name))}.", nameof(name));
    }

    /// <summary>The given phases in this workflow's run order (null: all of them).</summary>
    /// <param name="selected">The phases to keep.</param>
    /// <exception cref="ArgumentException">A phase is not part of this workflow.</exception>
    public IReadOnlyList<ApplyPhase> Select(IEnumerable<ApplyPhase>? selected)
    {
        if (selected is null) return Phases;
        var set = selected.ToHashSet();
        if (set.FirstOrDefault(p => !Phases.Contains(p)) is { } unknown)
            throw new ArgumentException($"Phase '{unknown.Name}' is not part of workflow '{Name}' ({string.Join(", ", Phases.Select(p => p.Name))}).", nameof(selected));
        return Phases.Where(set.Contains).ToList();
    }
}
