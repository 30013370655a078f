using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Artifacts;
using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Validation;
using K8sBare.Remote;
using Microsoft.Extensions.Logging;

namespace K8sBare.Cluster.Planning;

/// <summary>
/// Compares the rendered cluster with the hosts — file hashes, modes and owners in one round trip per
/// host, service states, binaries — and reports what an apply would do. Nothing on any host changes.
/// </summary>
/// <param name="connections">Opens host connections (SSH, or folders).</param>
/// <param name="logger">Optional logger.</param>
public sealed class ClusterPlanner(IHostConnectionFactory connections, ILogger? logger = null)
{
    /// <summary>Plans <paramref name="spec"/> against its hosts.</summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="pkiDirectory">The local PKI store (missing material is generated there, never on hosts).</param>
    /// <param name="progress">Progress events (phase Preflight).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <exception cref="ClusterValidationException">The spec has errors; no host was contacted.</exception>
    public async Task<ClusterPlan> PlanAsync(ClusterSpec spec, string pkiDirectory, IProgress<ApplyEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate(connections.IsOffline ? ValidationOptions.ForRender : ValidationOptions.ForApply).ThrowIfInvalid();
        var run = new ApplyRun(spec, new ApplyOptions { PkiDirectory = pkiDirectory, Progress = progress, Logger = logger }, connections.IsOffline);
        using var pki = await ClusterRenderer.LoadPkiAsync(spec, pkiDirectory, logger, cancellationToken).ConfigureAwait(false);
        run.Pki = pki;
        try
        {
            await ClusterApplier.OpenAsync(run, connections, cancellationToken).ConfigureAwait(false);
            var artifacts = ClusterRenderer.Render(spec, pki, new RenderOptions
            {
                Facts = ClusterApplier.FactsOf(run),
                Etcd = await EtcdClusterProbe.DecideAsync(run, cancellationToken).ConfigureAwait(false),
            });
            var sources = new BinarySources(BinarySources.DefaultCacheDirectory);
            var plans = new HostPlan[run.Hosts.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, run.Hosts.Count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    var h = run.Hosts[i];
                    h.Artifacts = artifacts[h.Name];
                    plans[i] = await PlanHostAsync(h, sources, ct).ConfigureAwait(false);
                }).ConfigureAwait(false);
            return new ClusterPlan { Hosts = plans };
        }
        finally
        {
            foreach (var h in run.Hosts) await h.Connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<HostPlan> PlanHostAsync(HostSession h, BinarySources sources, CancellationToken ct)
    {
        var a = h.Artifacts;
        var compare = await h.Connection.CompareFilesAsync(a.Files.Select(FileSync.ToRemote).ToList(), ct).ConfigureAwait(false);
        var files = a.Files.Select((f, i) => new PlannedFile(f.Path,
            compare[i].Kind switch { Remote.Files.FileChangeKind.Created => PlannedChange.Create, Remote.Files.FileChangeKind.Updated => PlannedChange.Change, _ => PlannedChange.Unchanged },
            f.Kind, f.Component)).ToList();
        var changedPaths = files.Where(f => f.Change != PlannedChange.Unchanged).Select(f => f.Path).ToHashSet(StringComparer.Ordinal);

        var binaries = h.Offline ? [] : await PlanBinariesAsync(h, a, sources, ct).ConfigureAwait(false);
        var available = binaries.Where(b => b.Change != PlannedChange.Blocked).Select(b => b.Name).ToHashSet(StringComparer.Ordinal);
        var replaced = binaries.Where(b => b.Change == PlannedChange.Upload).Select(b => b.Name).ToHashSet(StringComparer.Ordinal);

        var services = new List<PlannedService>();
        foreach (var s in a.Services)
        {
            var changed = s.Files.Where(changedPaths.Contains).ToList();
            if (h.Offline)
            {
                services.Add(changedPaths.Contains(s.UnitPath) && files.First(f => f.Path == s.UnitPath).Change == PlannedChange.Create
                    ? new PlannedService(s.Name, PlannedChange.Create)
                    : changed.Count > 0 ? new PlannedService(s.Name, PlannedChange.Change, $"{changed.Count} file(s) changed") : new PlannedService(s.Name, PlannedChange.Unchanged));
                continue;
            }

            var missing = s.Binaries.Where(b => !available.Contains(b)).ToList();
            if (missing.Count > 0)
            {
                services.Add(new PlannedService(s.Name, PlannedChange.Blocked, "binary missing: " + string.Join(", ", missing)));
                continue;
            }

            var status = await h.Services.GetStatusAsync(s.Name, ct).ConfigureAwait(false);
            if (!status.Installed || changedPaths.Contains(s.UnitPath) && files.First(f => f.Path == s.UnitPath).Change == PlannedChange.Create)
                services.Add(new PlannedService(s.Name, PlannedChange.Create));
            else if (!status.Active)
                services.Add(new PlannedService(s.Name, PlannedChange.Start, status.State));
            else if (changed.Count > 0 || s.Binaries.Any(replaced.Contains))
                services.Add(new PlannedService(s.Name, PlannedChange.Change, changed.Count > 0 ? $"{changed.Count} file(s) changed" : "binary replaced"));
            else
                services.Add(new PlannedService(s.Name, PlannedChange.Unchanged));
        }

        return new HostPlan { Host = h.Name, Transport = h.Connection.Transport, Files = files, Services = services, Binaries = binaries };
    }

    private static async Task<List<PlannedBinary>> PlanBinariesAsync(HostSession h, HostArtifacts a, BinarySources sources, CancellationToken ct)
    {
        var paths = a.Binaries.Select(b => b.HostPath).Concat(a.Binaries.Where(b => b.Source.HostPath is not null).Select(b => b.Source.HostPath!))
            .Distinct(StringComparer.Ordinal).ToList();
        if (paths.Count == 0) return [];
        var (states, records) = await BinaryProbe.ProbeAsync(h.Connection, paths, ct).ConfigureAwait(false);
        var result = new List<PlannedBinary>();
        foreach (var b in a.Binaries)
        {
            var state = states[b.HostPath];
            var change = b.Source.Kind switch
            {
                BinarySourceKind.Url => BinaryProbe.Matches(b.Name, state, records, b.Source.Sha256!.ToLowerInvariant()) ? PlannedChange.Unchanged : PlannedChange.Upload,
                BinarySourceKind.LocalFile => BinaryProbe.Matches(b.Name, state, records, (await sources.ResolveAsync(b.Name, b.Source, ct).ConfigureAwait(false)).Sha256) ? PlannedChange.Unchanged : PlannedChange.Upload,
                _ => state.Exists ? PlannedChange.Unchanged : b.Source.HostPath is { } hp && states[hp].Exists ? PlannedChange.Link : PlannedChange.Blocked,
            };
            result.Add(new PlannedBinary(b.Name, b.HostPath, change));
        }

        return result;
    }
}
