using K8sBare.Cluster.Validation;
using K8sBare.Units;

namespace K8sBare.Cluster.Operations;

/// <summary>
/// Plans a Kubernetes upgrade of a cluster: the skew rules are checked first (the step itself, then every state the
/// cluster passes through), then control-plane nodes one at a time (every kube-apiserver, then controller-manager and
/// scheduler), then workers drained one at a time (kubernetes.io/releases/version-skew-policy/ "Supported component upgrade order").
/// </summary>
public static class UpgradePlanner
{
    private static readonly string[] ControlPlaneComponents = ["kube-apiserver", "kube-controller-manager", "kube-scheduler"];

    /// <summary>Plans <paramref name="spec"/>'s upgrade to <paramref name="to"/>.</summary>
    /// <param name="spec">The cluster as it runs (its <c>Versions.Kubernetes</c> is the version today).</param>
    /// <param name="to">The target version.</param>
    /// <returns>The plan; no steps when <paramref name="to"/> is the version the cluster runs (nothing to upgrade).</returns>
    /// <exception cref="ClusterValidationException">The spec has errors.</exception>
    /// <exception cref="InvalidOperationException">The step or an intermediate state breaks the skew policy (every problem listed).</exception>
    public static UpgradePlan Plan(ClusterSpec spec, KubernetesVersion to)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(to);
        spec.Validate(ValidationOptions.ForRender).ThrowIfInvalid();
        var from = KubernetesVersion.Parse(spec.Versions.Kubernetes);
        var problems = VersionSkewPolicy.CheckStep(from, to).ToList();
        if (problems.Count > 0) throw Refused(from, to, problems);
        if (to == from) return new UpgradePlan { From = from, To = to, Steps = [] };

        var state = new List<ComponentVersion>();
        foreach (var n in spec.Nodes)
        {
            if (n.IsControlPlane) state.AddRange(ControlPlaneComponents.Select(c => new ComponentVersion(n.Name, c, from)));
            if (n.IsWorker) state.AddRange(new[] { "kubelet", "kube-proxy" }.Select(c => new ComponentVersion(n.Name, c, from)));
        }
        problems.AddRange(VersionSkewPolicy.Check(state).Select(p => "today: " + p));
        var steps = new List<UpgradeStep>();
        void Step(NodeSpec n, string[] components, bool drain, string gate)
        {
            state = state.Select(v => v.Host == n.Name && components.Contains(v.Component) ? v with { Version = to } : v).ToList();
            problems.AddRange(VersionSkewPolicy.Check(state).Select(p => $"after {n.Name}: {p}"));
            steps.Add(new UpgradeStep(steps.Count + 1, n.Name, components, drain, gate, state));
        }
        // Every kube-apiserver first (controller-manager and scheduler must never be newer than an apiserver they may
        // reach through the endpoint), then controller-manager and scheduler, then the nodes' kubelet and kube-proxy.
        foreach (var n in spec.ControlPlaneNodes)
            Step(n, ["kube-apiserver"], false, "kube-apiserver /readyz on this node, then the next control-plane node");
        foreach (var n in spec.ControlPlaneNodes)
            Step(n, ["kube-controller-manager", "kube-scheduler"], false, "controller-manager and scheduler healthy (leader elected), then the next control-plane node");
        foreach (var n in spec.WorkerNodes)
            Step(n, ["kubelet", "kube-proxy"], true, "node Ready with kubelet " + to + ", uncordoned, then the next worker");
        if (problems.Count > 0) throw Refused(from, to, problems);
        return new UpgradePlan { From = from, To = to, Steps = steps };
    }

    private static InvalidOperationException Refused(KubernetesVersion from, KubernetesVersion to, IReadOnlyList<string> problems) =>
        new($"The upgrade {from} → {to} is refused by the version skew policy (kubernetes.io/releases/version-skew-policy/); nothing was changed:" +
            Environment.NewLine + string.Join(Environment.NewLine, problems));
}
