using K8sBare.Cluster.Artifacts;
using K8sBare.Cluster.Planning;

namespace K8sBare.Cluster.Apply;

/// <summary>Places certificates, keys and kubeconfigs.</summary>
internal sealed class PkiPhase : WorkflowPhase
{
    public override ApplyPhase Id => ApplyPhase.Pki;

    public override Task<IReadOnlyList<ApplyFailure>> PlanAsync(ApplyRun run, CancellationToken ct) => PlanHostsAsync(run, (h, _) =>
    {
        FileSteps.Plan(run, h, Id, h.Artifacts.Files.Where(f => f.Kind == ArtifactKind.Pki));
        return Task.CompletedTask;
    }, ct);

    public override Task<IReadOnlyList<ApplyFailure>> RunAsync(ApplyRun run, IReadOnlyList<PlannedStep> steps, CancellationToken ct) =>
        RunHostsAsync(run, steps, "certificates", (h, mine, token) => FileSteps.RunAsync(run, h, mine, token), ct);
}
