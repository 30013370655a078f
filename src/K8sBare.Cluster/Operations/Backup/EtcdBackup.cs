using System.Diagnostics;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Validation;
using K8sBare.Etcd;
using K8sBare.Pki.Generation;
using Microsoft.Extensions.Logging;

namespace K8sBare.Cluster.Operations;

/// <summary>
/// etcd backup: a snapshot on demand over etcd's maintenance API (what <c>etcdctl snapshot save</c> does), verified on
/// arrival by its own SHA-256 trailer, written to a local folder under a UTC-timestamped name with a <c>.sha256</c>
/// file beside it (both mode 0600), then retention: the oldest snapshots of the cluster beyond
/// <see cref="EtcdBackupOptions.Retain"/> are deleted. The snapshot is taken as etcd's administrator (the
/// <c>etcd/admin-client</c> certificate of the local PKI store, CN <c>root</c>), which a cluster with etcd auth on needs.
/// </summary>
/// <param name="logger">Optional logger.</param>
public sealed class EtcdBackup(ILogger? logger = null)
{
    /// <summary>Plans a backup of <paramref name="spec"/>'s etcd: validates spec and options, names the snapshot, lists what retention deletes. Touches nothing.</summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="options">Folder and retention.</param>
    /// <param name="now">The time that names the snapshot (default: now).</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ClusterValidationException">The spec has errors.</exception>
    /// <exception cref="ArgumentException">An option is invalid (named, with the fix).</exception>
    public static EtcdBackupPlan Plan(ClusterSpec spec, EtcdBackupOptions options, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate(ValidationOptions.ForRender).ThrowIfInvalid();
        return Plan(spec.Name, EtcdAccess.Endpoints(spec), options, now ?? DateTimeOffset.UtcNow);
    }

    /// <summary>Backs up <paramref name="spec"/>'s etcd with the administrator certificate of the local PKI store.</summary>
    /// <param name="spec">The cluster (its etcd members are the endpoints).</param>
    /// <param name="pkiDirectory">The local PKI store the cluster was applied with; it must hold the etcd CA (nothing is generated).</param>
    /// <param name="options">Folder and retention.</param>
    /// <param name="cancellationToken">Cancels the backup (a partial snapshot is removed; nothing is deleted).</param>
    /// <returns>The snapshot, what was deleted and what is kept.</returns>
    /// <exception cref="ClusterValidationException">The spec has errors.</exception>
    /// <exception cref="ArgumentException">An option is invalid, or the PKI store holds no etcd CA.</exception>
    /// <exception cref="EtcdException">No member answered, or the snapshot failed its integrity check.</exception>
    public async Task<EtcdBackupResult> BackupAsync(ClusterSpec spec, string pkiDirectory, EtcdBackupOptions options, CancellationToken cancellationToken = default)
    {
        var plan = Plan(spec, options);
        RequireStore(pkiDirectory);
        using var pki = await ClusterRenderer.LoadPkiAsync(spec, pkiDirectory, logger, cancellationToken).ConfigureAwait(false);
        using var client = EtcdAccess.CreateAdmin(pki, EtcdAccess.Endpoints(spec), logger);
        return await RunAsync(client, plan, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Backs up through any etcd client (e.g. one built from your own certificates).</summary>
    /// <param name="client">The client; the snapshot comes from its first endpoint that answers.</param>
    /// <param name="cluster">The cluster name used in the file names.</param>
    /// <param name="endpoints">The client's endpoints (for the plan).</param>
    /// <param name="options">Folder and retention.</param>
    /// <param name="cancellationToken">Cancels the backup.</param>
    /// <returns>The snapshot, what was deleted and what is kept.</returns>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="EtcdException">No member answered, or the snapshot failed its integrity check.</exception>
    public Task<EtcdBackupResult> BackupAsync(IEtcdClient client, string cluster, IReadOnlyList<Uri> endpoints, EtcdBackupOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return RunAsync(client, Plan(cluster, endpoints, options, DateTimeOffset.UtcNow), options, cancellationToken);
    }

    private async Task<EtcdBackupResult> RunAsync(IEtcdClient client, EtcdBackupPlan plan, EtcdBackupOptions options, CancellationToken cancellationToken)
    {
        var sw = Stopwatch.StartNew();
        if (!Directory.Exists(plan.Folder))
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(plan.Folder);
            else Directory.CreateDirectory(plan.Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        logger?.LogInformation("etcd backup: {Plan}", plan.ToString());
        var info = await client.SaveSnapshotAsync(plan.Snapshot.Path, timeout.Token).ConfigureAwait(false);
        string sha;
        try
        {
            sha = await EtcdSnapshotFolder.WriteChecksumAsync(info.Path, timeout.Token).ConfigureAwait(false);
            // Read back through the same check a restore makes: what is on disk is what etcd sent.
            await EtcdSnapshotFolder.VerifyAsync(info.Path, timeout.Token).ConfigureAwait(false);
        }
        catch
        {
            TryDelete(info.Path);
            TryDelete(info.Path + EtcdSnapshotFolder.ChecksumSuffix);
            throw;
        }

        // Retention from the folder as it is now (another backup may have run since the plan).
        var deleted = new List<EtcdSnapshotEntry>();
        foreach (var old in EtcdSnapshotFolder.List(plan.Folder, plan.Cluster).Where(e => e.Path != info.Path).Skip(plan.Retain - 1))
        {
            File.Delete(old.Path);
            TryDelete(old.ChecksumPath);
            deleted.Add(old);
            logger?.LogInformation("etcd backup: retention deleted {Snapshot}", old.Path);
        }

        var snapshot = plan.Snapshot with { Size = info.Size, Sha256 = sha };
        logger?.LogInformation("etcd backup: {Snapshot} ({Size} bytes) from {Endpoint}", snapshot.Path, info.Size, info.Endpoint);
        return new EtcdBackupResult
        {
            Plan = plan, Snapshot = snapshot, Endpoint = info.Endpoint, Deleted = deleted,
            Kept = EtcdSnapshotFolder.List(plan.Folder, plan.Cluster), Duration = sw.Elapsed,
        };
    }

    private static EtcdBackupPlan Plan(string cluster, IReadOnlyList<Uri> endpoints, EtcdBackupOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(endpoints);
        if (string.IsNullOrWhiteSpace(options.Folder))
            throw new ArgumentException("EtcdBackupOptions.Folder is empty: name the local folder the snapshots go to (k8sbare etcd backup --dir).", nameof(options));
        if (options.Retain < 1)
            throw new ArgumentException($"EtcdBackupOptions.Retain is {options.Retain}: keep at least 1 snapshot (the new one).", nameof(options));
        if (options.Timeout <= TimeSpan.Zero)
            throw new ArgumentException($"EtcdBackupOptions.Timeout is {options.Timeout}: give a positive time.", nameof(options));
        if (endpoints.Count == 0)
            throw new ArgumentException("The cluster has no etcd member to snapshot.", nameof(endpoints));
        var folder = Path.GetFullPath(options.Folder);
        if (File.Exists(folder))
            throw new ArgumentException($"EtcdBackupOptions.Folder '{folder}' is a file: name a folder.", nameof(options));
        var snapshot = new EtcdSnapshotEntry { Path = Path.Combine(folder, EtcdSnapshotFolder.FileName(cluster, now)), Cluster = cluster, TakenAt = now.ToUniversalTime() };
        var existing = EtcdSnapshotFolder.List(folder, cluster).Where(e => e.Path != snapshot.Path).ToList();
        return new EtcdBackupPlan
        {
            Cluster = cluster, Folder = folder, Endpoints = endpoints, Snapshot = snapshot, Retain = options.Retain,
            ToDelete = existing.Skip(options.Retain - 1).ToList(),
        };
    }

    internal static void RequireStore(string pkiDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pkiDirectory);
        var store = new PkiStore(Path.GetFullPath(pkiDirectory));
        if (!File.Exists(store.CertificatePath("etcd/ca")) || !File.Exists(store.KeyPath("etcd/admin-client")))
            throw new ArgumentException($"The PKI store '{store.Root}' holds no etcd CA and administrator certificate (etcd/ca.crt, etcd/admin-client.key): " +
                "pass the store the cluster was applied with (--pki-dir). Nothing was generated.", nameof(pkiDirectory));
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
