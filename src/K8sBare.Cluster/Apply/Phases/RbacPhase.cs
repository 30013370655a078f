using System.Diagnostics;
using K8sBare.Cluster.Kubernetes;
using K8sBare.Cluster.Planning;
using K8sBare.Cluster.Rendering;

namespace K8sBare.Cluster.Apply;

/// <summary>Creates the RBAC objects and the kube-dns Service/Endpoints through the Kubernetes API client (server-side apply).</summary>
internal sealed class RbacPhase : WorkflowPhase
{
    public override ApplyPhase Id => ApplyPhase.Rbac;

    /// <summary>Deferred when an API server will run: server-side apply decides per object (identical objects are left alone).</summary>
    public override Task<IReadOnlyList<ApplyFailure>> PlanAsync(ApplyRun run, CancellationToken ct)
    {
        if (!run.Offline && run.Hosts.Any(h => h.Node.IsControlPlane && h.WillRun("kube-apiserver")))
            run.Plan(new PlannedStep(Id, null, ChangeKind.ApiObjectApplied, ClusterResourcesRendering.Folder,
                "server-side apply once the API server runs; objects already as rendered are left alone") { Deferred = true });
        return Task.FromResult(None);
    }

    public override async Task<IReadOnlyList<ApplyFailure>> RunAsync(ApplyRun run, IReadOnlyList<PlannedStep> steps, CancellationToken ct)
    {
        const string step = "rbac objects";
        if (run.Offline)
        {
            run.Event(new ApplyEvent(ApplyPhase.Rbac, null, step, ApplyEventState.Skipped, TimeSpan.Zero, "offline target; manifests are under /etc/kubernetes/manifests/rbac on the first control-plane node"));
            return [];
        }

        var host = steps.Count == 0 ? null : await ApiAccess.RunningApiServerAsync(run, ct).ConfigureAwait(false);
        if (host is null)
        {
            run.Event(new ApplyEvent(ApplyPhase.Rbac, null, step, ApplyEventState.Skipped, TimeSpan.Zero, "kube-apiserver is not running"));
            run.Warn("rbac: skipped because kube-apiserver is not running; run 'apply --phase rbac' once it is.");
            return [];
        }

        var sw = Stopwatch.StartNew();
        run.Event(new ApplyEvent(ApplyPhase.Rbac, null, step, ApplyEventState.Started, TimeSpan.Zero));
        try
        {
            using var client = ApiAccess.CreateClient(run, host.Node);
            var applied = await client.ApplyManifestAsync(run.Artifacts!.RbacManifest, cancellationToken: ct).ConfigureAwait(false);
            // Server-side apply of an identical object leaves its resourceVersion alone: not a change.
            foreach (var o in applied.Where(o => o.Created || o.Changed)) run.Applied(steps[0], o.Path);
            run.Event(new ApplyEvent(ApplyPhase.Rbac, null, step, applied.Any(o => o.Created || o.Changed) ? ApplyEventState.Changed : ApplyEventState.Unchanged, sw.Elapsed, $"{applied.Count} object(s)"));
            return [];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            run.Event(new ApplyEvent(ApplyPhase.Rbac, null, step, ApplyEventState.Failed, sw.Elapsed, ex.Message));
            return [new ApplyFailure(Id, null, step, $"applying the RBAC objects failed: {ex.Message}")];
        }
    }
}
