using K8sBare.Cluster.Planning;
using K8sBare.Cluster.Rendering;

namespace K8sBare.Cluster.Apply;

/// <summary>Checks the facts gathered from every host against the spec. It plans no steps: a problem stops the plan.</summary>
internal sealed class PreflightPhase : WorkflowPhase
{
    public override ApplyPhase Id => ApplyPhase.Preflight;

    public override Task<IReadOnlyList<ApplyFailure>> PlanAsync(ApplyRun run, CancellationToken ct) =>
        run.ForEachHostAsync(Id, HostsOf(run), "facts", async (h, token) =>
        {
            if (h.Offline || h.Facts is null) return false;
            var f = h.Facts;
            var problems = new List<string>();
            var index = run.Spec.Nodes.ToList().IndexOf(h.Node);
            var factInit = f.InitSystem.ToString().Equals("OpenRc", StringComparison.OrdinalIgnoreCase) ? InitSystem.OpenRc
                : f.InitSystem.ToString().Equals("Systemd", StringComparison.OrdinalIgnoreCase) ? InitSystem.Systemd : (InitSystem?)null;
            if (factInit is { } init && init != h.Node.InitSystem)
                problems.Add($"nodes[{index}].init is {h.Node.InitSystem} but the host runs {init}. Fix: set init: {init.ToString().ToLowerInvariant()}.");
            var arch = f.Architecture switch { "x86_64" => "amd64", "aarch64" => "arm64", var a => a };
            if (arch.Length > 0 && arch != h.Node.Architecture)
                problems.Add($"nodes[{index}].arch is {h.Node.Architecture} but the host is {f.Architecture}. Fix: set arch: {arch}.");
            if (ComponentPlacement.Runs(run.Spec, h.Node, ClusterComponent.CoreDns) && f.IsListening(53) && f.SystemdResolvedActive)
                problems.Add("port 53 is taken by systemd-resolved's stub listener, so CoreDNS cannot start (the $20 cluster write-up hits this on stock Ubuntu). "
                    + "Fix: set DNSStubListener=no in /etc/systemd/resolved.conf and run 'systemctl restart systemd-resolved', or place CoreDNS elsewhere (dns.placement).");
            if (f.SwapEnabled)
                run.Warn($"{h.Name}: swap is on; the prepare phase turns it off and comments it out of /etc/fstab (the kubelet refuses to run with swap).");
            if (f.IpForward == false)
                run.Warn($"{h.Name}: net.ipv4.ip_forward is 0; the prepare phase persists and applies it.");
            if (await ContainerdVersionCheck.CheckAsync(run, h, token).ConfigureAwait(false) is { } containerd) problems.Add(containerd);
            if (problems.Count > 0) throw new InvalidOperationException(string.Join(" ", problems));
            return false;
        }, ct);

    public override Task<IReadOnlyList<ApplyFailure>> RunAsync(ApplyRun run, IReadOnlyList<PlannedStep> steps, CancellationToken ct) => Task.FromResult(None);
}
