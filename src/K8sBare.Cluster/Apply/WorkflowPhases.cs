namespace K8sBare.Cluster.Apply;

/// <summary>The phase objects by name: the only place that maps a phase name to its implementation.</summary>
internal static class WorkflowPhases
{
    private static readonly IReadOnlyDictionary<ApplyPhase, WorkflowPhase> ByName = new WorkflowPhase[]
    {
        new PreflightPhase(), new PreparePhase(), new PkiPhase(), new BinariesPhase(), new FilesPhase(), new EtcdPhase(),
        new NetworkPhase(), new ControlPlanePhase(), new RbacPhase(), new ServicesPhase(ApplyPhase.Workers), new VerifyPhase(),
    }.ToDictionary(p => p.Id);

    /// <summary>The implementation of <paramref name="phase"/>.</summary>
    /// <exception cref="ArgumentException">No implementation.</exception>
    public static WorkflowPhase For(ApplyPhase phase) =>
        ByName.TryGetValue(phase, out var p) ? p : throw new ArgumentException($"Phase '{phase.Name}' has no implementation.", nameof(phase));
}
