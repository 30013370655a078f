using System.Diagnostics;
using k8s;
using k8s.Models;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Kubernetes;
using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Validation;
using K8sBare.Units;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sBare.Cluster.Operations;

/// <summary>
/// The cluster upgrade as one operation, shaped like <c>kubeadm upgrade</c> and k0sctl: the target is a spec (new
/// versions and binaries); the checks run first and refuse with nothing changed (a skipped Kubernetes minor or a
/// downgrade by the version skew policy, an etcd minor skipped or a downgrade, a containerd downgrade — against the
/// spec and against what the API reports); then etcd members one at a time (<see cref="EtcdRollingUpgrade"/>, each
/// member's node applied with the target), control-plane nodes one at a time, then workers one at a time: cordoned,
/// drained through the Eviction API (PodDisruptionBudgets respected), applied with the target (the apply replaces the
/// binaries and configs that changed and restarts their services), waited for until Ready and reporting the new
/// kubelet and container-runtime versions, uncordoned. Each node's part is an apply of the target scoped to that node
/// (<see cref="ApplyOptions.Hosts"/>), so no second install path exists and a node already on the target is skipped.
/// A worker cordoned by the upgrade carries <see cref="CordonedAnnotation"/> until it is uncordoned: an interrupted
/// upgrade run again finishes that node first, then the others.
/// </summary>
/// <param name="connections">Opens host connections (SSH).</param>
/// <param name="logger">Optional logger.</param>
public sealed class ClusterUpgrade(IHostConnectionFactory connections, ILogger? logger = null)
{
    /// <summary>The annotation on a Node the upgrade cordoned (removed when it uncordons it; a node the operator cordoned stays cordoned).</summary>
    public const string CordonedAnnotation = "k8sbare.io/upgrade-cordoned";

    /// <summary>
    /// Plans the upgrade of <paramref name="current"/> to <paramref name="target"/>. Reads only: the spec checks first
    /// (nothing is contacted when they refuse), then the versions the API reports, then each node's apply plan.
    /// </summary>
    /// <param name="current">The cluster as it runs.</param>
    /// <param name="target">The same cluster (same nodes) with the new versions and binary sources.</param>
    /// <param name="options">PKI store, timeouts.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The plan; <see cref="ClusterUpgradePlan.Refusals"/> says why it may not run.</returns>
    /// <exception cref="ApplyException">A host could not be read.</exception>
    public async Task<ClusterUpgradePlan> PlanAsync(ClusterSpec current, ClusterSpec target, ClusterUpgradeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        var refusals = new List<string>();
        var components = Changes(current, target);
        CheckSpecs(current, target, refusals);
        if (refusals.Count > 0)
            return new ClusterUpgradePlan { Current = current, Target = target, Components = components, Steps = [], Refusals = refusals };

        var observed = new List<string>();
        var nodes = new Dictionary<string, V1Node>(StringComparer.Ordinal);
        using (var api = await ConnectAsync(target, options, cancellationToken).ConfigureAwait(false))
        {
            var apiVersion = (await api.Version.GetCodeAsync(cancellationToken).ConfigureAwait(false)).GitVersion;
            observed.Add($"kube-apiserver {apiVersion}");
            foreach (var n in (await api.CoreV1.ListNodeAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items)
            {
                nodes[n.Metadata.Name] = n;
                observed.Add($"{n.Metadata.Name}: {Describe(n)}{(n.Spec?.Unschedulable == true ? ", unschedulable" : "")}{(IsMarked(n) ? " (cordoned by an upgrade)" : "")}");
            }

            CheckObserved(target, apiVersion, nodes, refusals);
        }

        var steps = new List<NodeUpgradeStep>();
        if (refusals.Count == 0)
        {
            var planner = new ClusterPlanner(connections, options.Logger ?? logger);
            foreach (var (node, kind) in Order(target, nodes))
            {
                var plan = await planner.PlanAsync(target, ApplyOptionsFor(options, node.Name, progress: false), cancellationToken).ConfigureAwait(false);
                var changes = plan.Steps.Where(s => s.IsChange && s.Host == node.Name).Select(s => $"{s.Kind} {s.Target}").ToList();
                var marked = nodes.TryGetValue(node.Name, out var n) && IsMarked(n);
                // Any node with a kubelet is drained before its components change (an etcd member on a worker too).
                steps.Add(new NodeUpgradeStep(steps.Count + 1, node.Name, kind, changes, Drain: node.IsWorker && changes.Count > 0, Uncordon: marked));
            }
        }

        return new ClusterUpgradePlan { Current = current, Target = target, Components = components, Observed = observed, Steps = steps, Refusals = refusals };
    }

    /// <summary>
    /// Plans, refuses what is unsafe, then upgrades: etcd members, control-plane nodes, then workers, one node at a
    /// time (see the class summary). Running it again after an interruption finishes the job.
    /// </summary>
    /// <param name="current">The cluster as it runs.</param>
    /// <param name="target">The same cluster with the new versions and binary sources.</param>
    /// <param name="options">PKI store, drain, timeouts, progress.</param>
    /// <param name="cancellationToken">Stops between and inside node steps (run it again to finish).</param>
    /// <returns>Per node: versions before and after, changes, evictions, durations.</returns>
    /// <exception cref="UnsafeUpgradeException">Refused; nothing changed.</exception>
    /// <exception cref="ApplyException">A node's apply failed; fix it and run again.</exception>
    /// <exception cref="NodeDrainException">A worker could not be drained (refused before anything changed: it stays schedulable; timed out: it stays cordoned until the next run).</exception>
    /// <exception cref="TimeoutException">A node was not Ready on the new versions within <see cref="ClusterUpgradeOptions.NodeReadyTimeout"/>.</exception>
    public async Task<ClusterUpgradeResult> UpgradeAsync(ClusterSpec current, ClusterSpec target, ClusterUpgradeOptions options, CancellationToken cancellationToken = default)
    {
        var sw = Stopwatch.StartNew();
        var plan = await PlanAsync(current, target, options, cancellationToken).ConfigureAwait(false);
        if (!plan.IsSafe) throw new UnsafeUpgradeException(plan);
        var log = options.Logger ?? logger ?? NullLogger.Instance;
        void Report(string? node, string step, string detail)
        {
            log.LogInformation("upgrade {Node}: {Step} {Detail}", node ?? "cluster", step, detail);
            options.Progress?.Report(new UpgradeEvent(node, step, detail, sw.Elapsed));
        }

        var outcomes = new List<NodeUpgradeOutcome>();
        using var api = await ConnectAsync(target, options, cancellationToken).ConfigureAwait(false);
        async Task RunStepAsync(NodeUpgradeStep step, CancellationToken ct)
        {
            if (step.UpToDate)
            {
                Report(step.Node, "skip", "up to date");
                outcomes.Add(await SkippedAsync(api, target, step, ct).ConfigureAwait(false));
                return;
            }

            outcomes.Add(await UpgradeNodeAsync(api, target, step, options, Report, ct).ConfigureAwait(false));
        }

        EtcdUpgradeResult? etcd = null;
        var done = new HashSet<string>(StringComparer.Ordinal);
        var etcdSteps = plan.Steps.Where(s => s.Kind == UpgradeNodeKind.EtcdMember).ToList();
        if (etcdSteps.Any(s => !s.UpToDate))
        {
            Report(null, "etcd", $"rolling member upgrade to {target.Versions.Etcd}: {string.Join(", ", etcdSteps.Select(s => s.Node))}");
            using var pki = await ClusterRenderer.LoadPkiAsync(target, options.Apply.PkiDirectory, log, cancellationToken).ConfigureAwait(false);
            using var client = EtcdAccess.CreateAdmin(pki, ClusterEndpoints.EtcdClients(target), log);
            var members = etcdSteps.Select(s => new EtcdUpgradeMember(s.Node, ClusterEndpoints.EtcdClient(target.Nodes.First(n => n.Name == s.Node)))).ToList();
            etcd = await new EtcdRollingUpgrade(log).RunAsync(client, members, target.Versions.Etcd, (m, ct) =>
            {
                done.Add(m.Name);
                return RunStepAsync(etcdSteps.First(s => s.Node == m.Name), ct);
            }, options.Apply.EtcdReadyTimeout, cancellationToken).ConfigureAwait(false);
        }

        foreach (var step in plan.Steps.Where(s => !done.Contains(s.Node)))
            await RunStepAsync(step, cancellationToken).ConfigureAwait(false);

        return new ClusterUpgradeResult { Plan = plan, Nodes = outcomes, Etcd = etcd, Duration = sw.Elapsed };
    }

    // ---------------------------------------------------------------- one node

    private static async Task<NodeUpgradeOutcome> SkippedAsync(IKubernetes api, ClusterSpec target, NodeUpgradeStep step, CancellationToken ct)
    {
        var now = target.Nodes.First(n => n.Name == step.Node).IsWorker ? await DescribeAsync(api, step.Node, ct).ConfigureAwait(false) : "no kubelet";
        return new NodeUpgradeOutcome(step.Node, step.Kind, now, now, 0, [], true, TimeSpan.Zero);
    }

    private async Task<NodeUpgradeOutcome> UpgradeNodeAsync(IKubernetes api, ClusterSpec target, NodeUpgradeStep step, ClusterUpgradeOptions options,
        Action<string?, string, string> report, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var spec = target.Nodes.First(n => n.Name == step.Node);
        var registered = spec.IsWorker ? await TryReadNodeAsync(api, step.Node, ct).ConfigureAwait(false) : null;
        var before = registered is null ? (spec.IsWorker ? "no Node object" : "no kubelet") : Describe(registered);
        var evicted = new List<string>();
        var ownsCordon = step.Uncordon;
        if (step.Drain && registered is not null)
        {
            // The mark comes before the cordon: a run interrupted anywhere after this line finds the node and uncordons it.
            if (registered.Spec?.Unschedulable != true && !ownsCordon)
            {
                await PatchAsync(api, step.Node, MarkPatch(set: true, uncordon: false), ct).ConfigureAwait(false);
                ownsCordon = true;
            }

            report(step.Node, "drain", "cordon and evict its pods (PodDisruptionBudgets respected)");
            DrainReport drained;
            try
            {
                drained = await api.DrainNodeAsync(step.Node, options.Drain, options.Logger ?? logger, ct).ConfigureAwait(false);
            }
            catch (NodeDrainException)
            {
                // Refused before the cordon: the node stays as it was, without the mark.
                if (!await IsUnschedulableAsync(api, step.Node, ct).ConfigureAwait(false))
                    await PatchAsync(api, step.Node, MarkPatch(set: false, uncordon: false), ct).ConfigureAwait(false);
                throw;
            }

            evicted.AddRange(drained.Evicted.Select(p => $"{p.Namespace}/{p.Name}"));
            report(step.Node, "drain", drained.ToString());
        }

        var changes = 0;
        if (step.Changes.Count > 0)
        {
            report(step.Node, "apply", $"{step.Changes.Count} planned change(s)");
            var applied = await new ClusterApplier(connections, options.Logger ?? logger).ApplyAsync(target, ApplyOptionsFor(options, step.Node, progress: true), ct).ConfigureAwait(false);
            changes = applied.Changes.Count;
            report(step.Node, "apply", $"{changes} change(s), restarted: {string.Join(", ", applied.ServiceRestarts.Where(r => r.Host == step.Node).Select(r => r.Service).Distinct())}");
        }

        var after = before;
        if (spec.IsWorker)
        {
            var ready = await WaitNodeAsync(api, target, step.Node, options.NodeReadyTimeout, ct).ConfigureAwait(false);
            after = Describe(ready);
            report(step.Node, "ready", after);
            if (ownsCordon)
            {
                await PatchAsync(api, step.Node, MarkPatch(set: false, uncordon: true), ct).ConfigureAwait(false);
                report(step.Node, "uncordon", "schedulable again");
            }
        }

        return new NodeUpgradeOutcome(step.Node, step.Kind, before, after, changes, evicted, false, sw.Elapsed);
    }

    /// <summary>Waits until the node is Ready and reports the target's kubelet and container-runtime versions.</summary>
    private static async Task<V1Node> WaitNodeAsync(IKubernetes api, ClusterSpec target, string name, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        var why = "not read yet";
        while (true)
        {
            try
            {
                var n = await api.CoreV1.ReadNodeAsync(name, cancellationToken: ct).ConfigureAwait(false);
                var info = n.Status?.NodeInfo;
                if (!n.IsReady()) why = "not Ready";
                else if (!SameRelease(info?.ContainerRuntimeVersion, target.Versions.Containerd)) why = $"container runtime {info?.ContainerRuntimeVersion}, waiting for containerd {target.Versions.Containerd}";
                else if (!SameRelease(info?.KubeletVersion, target.Versions.Kubernetes)) why = $"kubelet {info?.KubeletVersion}, waiting for {target.Versions.Kubernetes}";
                else return n;
            }
            catch (Exception ex) when (ex is k8s.Autorest.HttpOperationException or HttpRequestException && !ct.IsCancellationRequested)
            {
                why = ex.Message;
            }

            if (deadline.Elapsed > timeout)
                throw new TimeoutException($"Node '{name}' is not Ready on the new versions after {timeout.TotalSeconds:0} s: {why}. It stays cordoned if the upgrade cordoned it; fix the node and run the upgrade again.");
            await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
        }
    }

    // ---------------------------------------------------------------- checks

    /// <summary>What differs between the specs' versions and binary sources.</summary>
    private static List<string> Changes(ClusterSpec current, ClusterSpec target)
    {
        var list = new List<string>();
        void Version(string what, string a, string b)
        {
            if (!string.Equals(a, b, StringComparison.Ordinal)) list.Add($"{what} {a} → {b}");
        }

        Version("Kubernetes", current.Versions.Kubernetes, target.Versions.Kubernetes);
        Version("etcd", current.Versions.Etcd, target.Versions.Etcd);
        Version("containerd", current.Versions.Containerd, target.Versions.Containerd);
        Version("CNI plugins", current.Versions.CniPlugins, target.Versions.CniPlugins);
        Version("flannel", current.Versions.Flannel, target.Versions.Flannel);
        Version("CoreDNS", current.Versions.CoreDns, target.Versions.CoreDns);
        foreach (var b in current.Binaries.Keys.Union(target.Binaries.Keys).Order(StringComparer.Ordinal))
            if (current.SourceOf(b) != target.SourceOf(b))
                list.Add($"binary {b}: {Source(current.SourceOf(b))} → {Source(target.SourceOf(b))}");
        return list;
    }

    private static string Source(BinarySource s) => s.Kind switch
    {
        BinarySourceKind.LocalFile => "file " + s.LocalPath,
        BinarySourceKind.Url => "url " + s.Url,
        _ => "on host" + (s.HostPath is null ? "" : " at " + s.HostPath),
    };

    /// <summary>The spec-level rules: nothing is contacted when one refuses.</summary>
    private static void CheckSpecs(ClusterSpec current, ClusterSpec target, List<string> refusals)
    {
        foreach (var e in target.Validate(ValidationOptions.ForRender).Errors) refusals.Add($"{e.Field}: {e.Message} Fix: {e.Fix}");
        string Shape(ClusterSpec s) => string.Join("; ", s.Nodes.Select(n => $"{n.Name} {n.Roles} {string.Join(",", n.Addresses)}"));
        if (!string.Equals(current.Name, target.Name, StringComparison.Ordinal) || Shape(current) != Shape(target))
            refusals.Add("nodes: the target spec has other nodes, roles or addresses than the running cluster. Fix: upgrade with the same nodes; add, remove or replace nodes as their own operations.");
        if (refusals.Count > 0) return;

        var from = KubernetesVersion.Parse(current.Versions.Kubernetes);
        var to = KubernetesVersion.Parse(target.Versions.Kubernetes);
        if (from != to)
            foreach (var p in VersionSkewPolicy.CheckStep(from, to))
                refusals.Add($"versions.kubernetes: {p} Fix: set versions.kubernetes to a release of {from} or {new KubernetesVersion(from.Major, from.Minor + 1)}.");

        if (Parse(current.Versions.Etcd) is { } e1 && Parse(target.Versions.Etcd) is { } e2)
        {
            if (e2 < e1)
                refusals.Add($"versions.etcd: {current.Versions.Etcd} → {target.Versions.Etcd} is a downgrade; etcd upgrades only (etcd.io/docs/v3.5/upgrades/). Fix: set versions.etcd to {current.Versions.Etcd} or newer.");
            else if (e2.Major != e1.Major || e2.Minor - e1.Minor > 1)
                refusals.Add($"versions.etcd: {current.Versions.Etcd} → {target.Versions.Etcd} skips a minor release; etcd upgrades one minor release at a time. Fix: upgrade to {e1.Major}.{e1.Minor + 1}.x first.");
        }

        if (Parse(current.Versions.Containerd) is { } c1 && Parse(target.Versions.Containerd) is { } c2 && c2 < c1)
            refusals.Add($"versions.containerd: {current.Versions.Containerd} → {target.Versions.Containerd} is a downgrade (containerd migrates its state forward only). Fix: set versions.containerd to {current.Versions.Containerd} or newer, with its binary.");
    }

    /// <summary>The rules against what the API reports: today's skew, and no node newer than the target.</summary>
    private static void CheckObserved(ClusterSpec target, string apiVersion, Dictionary<string, V1Node> nodes, List<string> refusals)
    {
        var api = KubernetesVersion.Parse(apiVersion);
        var to = KubernetesVersion.Parse(target.Versions.Kubernetes);
        if (api != to)
            foreach (var p in VersionSkewPolicy.CheckStep(api, to))
                refusals.Add($"versions.kubernetes: the kube-apiserver runs {apiVersion}: {p} Fix: set versions.kubernetes one minor step from {api}.");
        var state = target.ControlPlaneNodes.Select(n => new ComponentVersion(n.Name, "kube-apiserver", api)).ToList();
        foreach (var n in nodes.Values)
            if (n.Status?.NodeInfo is { } info)
            {
                // kube-proxy's field is deprecated and empty on recent kubelets: only what is reported is checked.
                if (TryKubernetes(info.KubeletVersion) is { } kubelet) state.Add(new ComponentVersion(n.Metadata.Name, "kubelet", kubelet));
                if (TryKubernetes(info.KubeProxyVersion) is { } proxy) state.Add(new ComponentVersion(n.Metadata.Name, "kube-proxy", proxy));
            }

        foreach (var p in VersionSkewPolicy.Check(state))
            refusals.Add($"observed skew: {p} Fix: bring that component back within the policy (kubernetes.io/releases/version-skew-policy/) before upgrading.");
        var wanted = Parse(target.Versions.Containerd);
        foreach (var n in nodes.Values)
            if (wanted is not null && Parse(n.Status?.NodeInfo?.ContainerRuntimeVersion ?? "") is { } running && running > wanted)
                refusals.Add($"versions.containerd: node '{n.Metadata.Name}' runs containerd {running}, newer than the target {target.Versions.Containerd}: a downgrade. Fix: set versions.containerd to {running} or newer, with its binary.");
    }

    private static KubernetesVersion? TryKubernetes(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            return KubernetesVersion.Parse(text);
        }
        catch (UnitsException)
        {
            return null;
        }
    }

    private static VersionNumber? Parse(string text) => VersionNumber.Find(text);

    /// <summary>True when <paramref name="reported"/> (e.g. <c>containerd://1.7.24~ds1</c>, <c>v1.20.2</c>) is the release <paramref name="wanted"/> names.</summary>
    private static bool SameRelease(string? reported, string wanted)
    {
        var r = Parse(reported ?? "");
        var w = Parse(wanted);
        return w is null ? r is not null || KubernetesVersion.Parse(reported ?? "0.0") == KubernetesVersion.Parse(wanted) : r == w;
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>etcd members first (in spec order, the node carrying a control plane with it), then the other control-plane nodes, then workers — a worker an interrupted upgrade left cordoned first.</summary>
    private static List<(NodeSpec Node, UpgradeNodeKind Kind)> Order(ClusterSpec target, Dictionary<string, V1Node> nodes)
    {
        var order = target.EtcdNodes.Select(n => (n, UpgradeNodeKind.EtcdMember)).ToList();
        order.AddRange(target.ControlPlaneNodes.Where(n => !n.IsEtcd).Select(n => (n, UpgradeNodeKind.ControlPlane)));
        order.AddRange(target.WorkerNodes.Where(n => !n.IsEtcd && !n.IsControlPlane)
            .OrderBy(n => nodes.TryGetValue(n.Name, out var v) && IsMarked(v) ? 0 : 1)
            .Select(n => (n, UpgradeNodeKind.Worker)));
        return order;
    }

    private static ApplyOptions ApplyOptionsFor(ClusterUpgradeOptions options, string node, bool progress) =>
        options.Apply with { Hosts = [node], Phases = null, Progress = progress ? options.Apply.Progress : null, Logger = options.Apply.Logger ?? options.Logger };

    private static Task<IKubernetes> ConnectAsync(ClusterSpec spec, ClusterUpgradeOptions options, CancellationToken ct) =>
        ClusterKubernetes.ConnectAsync(spec, options.Apply.PkiDirectory, new KubernetesConnectionOptions { Server = options.ApiServer, RequestTimeout = TimeSpan.FromSeconds(30) }, options.Logger, ct);

    private static bool IsMarked(V1Node n) => n.Metadata.Annotations?.ContainsKey(CordonedAnnotation) == true;

    private static string Describe(V1Node n) => n.Status?.NodeInfo is { } i ? $"kubelet {i.KubeletVersion}, {i.ContainerRuntimeVersion}" : "no node info";

    private static async Task<string> DescribeAsync(IKubernetes api, string name, CancellationToken ct) =>
        await TryReadNodeAsync(api, name, ct).ConfigureAwait(false) is { } n ? Describe(n) : "no Node object";

    private static async Task<V1Node?> TryReadNodeAsync(IKubernetes api, string name, CancellationToken ct)
    {
        try
        {
            return await api.CoreV1.ReadNodeAsync(name, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.IsNotFound())
        {
            return null;
        }
    }

    private static async Task<bool> IsUnschedulableAsync(IKubernetes api, string name, CancellationToken ct) =>
        (await api.CoreV1.ReadNodeAsync(name, cancellationToken: ct).ConfigureAwait(false)).Spec?.Unschedulable == true;

    /// <summary>The patch that sets or removes the mark (and, with <paramref name="uncordon"/>, the cordon in the same write).</summary>
    private static string MarkPatch(bool set, bool uncordon) =>
        "{\"metadata\":{\"annotations\":{\"" + CordonedAnnotation + "\":" + (set ? "\"true\"" : "null") + "}}" + (uncordon ? ",\"spec\":{\"unschedulable\":null}" : "") + "}";

    private static Task<V1Node> PatchAsync(IKubernetes api, string name, string json, CancellationToken ct) =>
        api.CoreV1.PatchNodeAsync(new V1Patch(json, V1Patch.PatchType.StrategicMergePatch), name, cancellationToken: ct);
}
