using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Validation;
using K8sBare.Remote;
using Microsoft.Extensions.Logging;

namespace K8sBare.Cluster.Operations;

/// <summary>
/// etcd restore onto new hosts or new addresses, following etcd's disaster-recovery procedure ("Restoring a cluster",
/// etcd.io/docs/v3.5/op-guide/recovery/): every member of the new member list gets a data dir made from the same
/// snapshot with its own name and peer URL and a new cluster token, then all start. Around it the cluster is applied
/// with the spec that names the new hosts: the etcd peer and server certificates are re-issued for the new addresses
/// by the local PKI store (same CAs), units and binaries are placed; the control plane is stopped where it runs
/// (Kubernetes' procedure, "Restoring an etcd cluster" in kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/:
/// no apiserver may run across a restore, else it keeps serving its watch cache from before the restore and its
/// watches wait for revisions the restored etcd has not reached), and after the restore etcd starts and the rest of
/// the apply runs, which starts the control plane again. Checked before anything changes: the spec, the snapshot (its <c>.sha256</c> file and its own
/// SHA-256 trailer), a restore tool on every etcd host, and no etcd data on a target without
/// <see cref="EtcdRestoreOptions.ReplaceExistingData"/>.
/// </summary>
/// <param name="connections">Opens host connections (SSH).</param>
/// <param name="logger">Optional logger.</param>
public sealed class EtcdRestore(IHostConnectionFactory connections, ILogger? logger = null)
{
    private static readonly IReadOnlyList<ApplyPhase> Before = [ApplyPhase.Preflight, ApplyPhase.Prepare, ApplyPhase.Pki, ApplyPhase.Binaries, ApplyPhase.Files];

    /// <summary>Stopped on every control-plane node before the data dirs are restored, in this order; the control-plane phase starts them again.</summary>
    private static readonly IReadOnlyList<string> ControlPlaneServices =
        [ClusterComponents.KubeScheduler.Service, ClusterComponents.KubeControllerManager.Service, ClusterComponents.KubeApiserver.Service];

    /// <summary>Plans the restore: validates the spec and options, verifies the snapshot, derives the member list and token. Touches no host.</summary>
    /// <param name="spec">The cluster as it is to be: its etcd nodes are the new members (new hosts or new addresses).</param>
    /// <param name="options">Snapshot and apply options.</param>
    /// <param name="cancellationToken">Cancels the verification.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ClusterValidationException">The spec has errors.</exception>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="FileNotFoundException">The snapshot or its checksum file is missing.</exception>
    /// <exception cref="InvalidDataException">The snapshot is corrupt (checksum or integrity check).</exception>
    public static async Task<EtcdRestorePlan> PlanAsync(ClusterSpec spec, EtcdRestoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        spec.Validate(ValidationOptions.ForApply).ThrowIfInvalid();
        if (string.IsNullOrWhiteSpace(options.Snapshot))
            throw new ArgumentException("EtcdRestoreOptions.Snapshot is empty: name the snapshot file to restore (k8sbare etcd restore --snapshot).", nameof(options));
        ArgumentNullException.ThrowIfNull(options.Apply);
        if (options.Apply.Phases is { } ph && ph.Intersect(Before).Any())
            throw new ArgumentException($"EtcdRestoreOptions.Apply.Phases selects {string.Join(", ", ph.Intersect(Before).Select(p => p.Name))}: those always run before the restore; select only phases from etcd on (or none for all).", nameof(options));
        if (spec.Nodes.Any(n => n.IsControlPlane) && !After(options).Contains(ApplyPhase.ControlPlane))
            throw new ArgumentException($"EtcdRestoreOptions.Apply.Phases leaves out control-plane: the restore stops the control plane (no kube-apiserver may run across a restore: it would serve its cache from before it) and that phase starts it again. Select control-plane too, or no phases for all of them.", nameof(options));
        if (options.RestoreTool is { } t && !t.StartsWith('/'))
            throw new ArgumentException($"EtcdRestoreOptions.RestoreTool '{t}' is not an absolute path on the hosts: give e.g. /usr/local/bin/etcdutl, or null to find it.", nameof(options));
        var snapshot = Path.GetFullPath(options.Snapshot);
        var sha = await EtcdSnapshotFolder.VerifyAsync(snapshot, cancellationToken).ConfigureAwait(false);
        var members = spec.EtcdNodes.Select(n => new EtcdRestoreMember(n.Name, $"https://{RenderContext.UrlHost(n.Address)}:2380", EtcdRendering.DataDir)).ToList();
        var token = Token(spec.Name, sha, members);
        var steps = new List<string>
        {
            $"verified {snapshot} (sha256 {sha}, its .sha256 file and etcd's own trailer)",
            $"check every etcd host ({string.Join(", ", members.Select(m => m.Name))}): a restore tool (etcdutl or etcdctl), no etcd data in {EtcdRendering.DataDir}" + (options.ReplaceExistingData ? " (existing data moved aside: consented)" : ""),
            "apply preflight, prepare, pki (etcd peer/server certificates re-issued for the new addresses), binaries, files",
            $"stop {string.Join(", ", ControlPlaneServices)} where they run on the control-plane nodes ({string.Join(", ", spec.Nodes.Where(n => n.IsControlPlane).Select(n => n.Name))}), then etcd where it runs",
            $"on each member: upload the snapshot (0600), `snapshot restore` with its name and peer URL, --initial-cluster={string.Join(",", members.Select(m => $"{m.Name}={m.PeerUrl}"))}, --initial-cluster-token={token}, into {EtcdRendering.DataDir}",
            "apply " + string.Join(", ", After(options).Select(p => p.Name)) + " (etcd starts on the restored data; health gate)",
        };
        return new EtcdRestorePlan { Cluster = spec.Name, Snapshot = snapshot, Sha256 = sha, ClusterToken = token, Members = members, Steps = steps };
    }

    /// <summary>Restores etcd from the snapshot onto <paramref name="spec"/>'s etcd nodes and brings the cluster up.</summary>
    /// <param name="spec">The cluster as it is to be (new hosts or addresses).</param>
    /// <param name="options">Snapshot, apply options, consent to replace data.</param>
    /// <param name="cancellationToken">Cancels; a cut restore is finished by running it again.</param>
    /// <returns>What was restored and both applies.</returns>
    /// <exception cref="ClusterValidationException">The spec has errors (nothing touched).</exception>
    /// <exception cref="InvalidDataException">The snapshot is corrupt (nothing touched).</exception>
    /// <exception cref="InvalidOperationException">A host refuses (data present without consent, no restore tool): nothing changed on any host.</exception>
    /// <exception cref="ApplyException">An apply phase failed.</exception>
    public async Task<EtcdRestoreResult> RestoreAsync(ClusterSpec spec, EtcdRestoreOptions options, CancellationToken cancellationToken = default)
    {
        var sw = Stopwatch.StartNew();
        var plan = await PlanAsync(spec, options, cancellationToken).ConfigureAwait(false);
        var nodes = spec.EtcdNodes.ToList();
        var hosts = new Dictionary<string, IHostConnection>(StringComparer.Ordinal);
        try
        {
            foreach (var n in spec.Nodes.Where(n => n.IsControlPlane || nodes.Contains(n)))
                hosts[n.Name] = await connections.OpenAsync(n, cancellationToken).ConfigureAwait(false);

            // Every host checked before any change.
            var targets = new Dictionary<string, EtcdRestoreTarget>(StringComparer.Ordinal);
            foreach (var m in plan.Members)
                targets[m.Name] = await EtcdMemberRestore.InspectAsync(hosts[m.Name], m, plan.Sha256, plan.ClusterToken, options.RestoreTool, EtcdMemberRestore.WorkDir, cancellationToken).ConfigureAwait(false);
            var problems = new List<string>();
            foreach (var (name, t) in targets)
            {
                if (t.Tool is null && !t.AlreadyRestored)
                    problems.Add($"{name}: no etcdutl or etcdctl found (PATH, /usr/local/bin){(options.RestoreTool is { } rt ? $" at {rt}" : "")}. Fix: install etcd's client tools on the host (Debian: etcd-client) or set RestoreTool.");
                if (t.HasData && !t.AlreadyRestored && !options.ReplaceExistingData)
                    problems.Add($"{name}: {EtcdRendering.DataDir} already holds etcd data. Fix: restore onto hosts without etcd data, or consent with ReplaceExistingData (--replace-data; the old data dir is moved aside, not deleted).");
            }
            if (problems.Count > 0)
                throw new InvalidOperationException("The etcd restore is refused; nothing was changed:" + Environment.NewLine + string.Join(Environment.NewLine, problems));

            var applier = new ClusterApplier(connections, logger);
            var prepared = await applier.ApplyAsync(spec, options.Apply with { Phases = Before }, cancellationToken).ConfigureAwait(false);

            // No apiserver may run across the restore (Kubernetes' procedure): every one is stopped before any data dir changes.
            await Parallel.ForEachAsync(spec.Nodes.Where(n => n.IsControlPlane), cancellationToken, async (n, ct) =>
            {
                var services = NodeServices.For(hosts[n.Name], n);
                foreach (var s in ControlPlaneServices)
                {
                    if (!await services.IsActiveAsync(s, ct).ConfigureAwait(false)) continue;
                    await services.StopAsync(s, ct).ConfigureAwait(false);
                    logger?.LogInformation("etcd restore: {Service} stopped on {Node} (started again by the control-plane phase)", s, n.Name);
                }
            }).ConfigureAwait(false);

            var restored = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
            var aside = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
            await Parallel.ForEachAsync(nodes, cancellationToken, async (n, ct) =>
            {
                var t = targets[n.Name];
                if (t.AlreadyRestored)
                {
                    restored[n.Name] = false;
                    return;
                }
                var host = hosts[n.Name];
                var services = NodeServices.For(host, n);
                if (await services.IsActiveAsync("etcd", ct).ConfigureAwait(false)) await services.StopAsync("etcd", ct).ConfigureAwait(false);
                var member = plan.Members.Single(m => m.Name == n.Name);
                var moved = await EtcdMemberRestore.RestoreAsync(host, plan.Snapshot, plan.Sha256, member, plan.Members, plan.ClusterToken, t.Tool!, EtcdMemberRestore.WorkDir, ct).ConfigureAwait(false);
                if (moved is not null) aside[n.Name] = moved;
                restored[n.Name] = true;
                logger?.LogInformation("etcd restore: {Member} restored{Aside}", n.Name, moved is null ? "" : $" (old data moved to {moved})");
            }).ConfigureAwait(false);

            var started = await applier.ApplyAsync(spec, options.Apply with { Phases = After(options) }, cancellationToken).ConfigureAwait(false);
            return new EtcdRestoreResult
            {
                Plan = plan, Restored = restored.ToDictionary(), MovedAside = aside.ToDictionary(), Prepared = prepared, Started = started, Duration = sw.Elapsed,
            };
        }
        finally
        {
            foreach (var h in hosts.Values) await h.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static IReadOnlyList<ApplyPhase> After(EtcdRestoreOptions options) =>
        Workflow.Apply.Select(options.Apply.Phases ?? Workflow.Apply.Phases.Except(Before)).Where(p => !Before.Contains(p)).ToList();

    /// <summary>A new token per restore, the same for every member and for a rerun of the same restore.</summary>
    private static string Token(string cluster, string sha, IReadOnlyList<EtcdRestoreMember> members)
    {
        var h = SHA256.HashData(Encoding.UTF8.GetBytes(sha + "\n" + string.Join("\n", members.Select(m => m.Name + "=" + m.PeerUrl))));
        return $"etcd-{cluster}-restore-{Convert.ToHexString(h)[..12].ToLowerInvariant()}";
    }
}
