using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Validation;
using K8sBare.Pki.Catalog;
using K8sBare.Pki.Generation;
using K8sBare.Pki.Inspection;
using K8sBare.Pki.Kubeconfig;
using Microsoft.Extensions.Logging;

namespace K8sBare.Cluster.Operations;

/// <summary>
/// Certificates of a running cluster: an expiry report read from the hosts (every certificate file K8sBare placed and
/// the certificates embedded in the kubeconfigs it placed, like <c>kubeadm certs check-expiration</c> but per host),
/// and renewal of leaf certificates from the cluster's CAs in the local PKI store — refused, before anything changes,
/// when a CA on a host is not the store's.
/// </summary>
/// <param name="connections">Opens host connections (SSH).</param>
/// <param name="logger">Optional logger.</param>
public sealed class CertificateOperations(IHostConnectionFactory connections, ILogger? logger = null)
{
    /// <summary>Reads every certificate K8sBare placed from the hosts themselves.</summary>
    /// <param name="spec">The cluster (its catalogue tells which files hold certificates on which host).</param>
    /// <param name="warnWithinDays">Certificates expiring within this many days are <see cref="ExpiryStatus.ExpiringSoon"/>.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The report; unreachable hosts are listed, not thrown.</returns>
    /// <exception cref="ClusterValidationException">The spec has errors (no host contacted).</exception>
    public async Task<CertificateReport> ReportAsync(ClusterSpec spec, int warnWithinDays = 30, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate(ValidationOptions.ForApply).ThrowIfInvalid();
        if (warnWithinDays < 0) throw new ArgumentOutOfRangeException(nameof(warnWithinDays), warnWithinDays, "warnWithinDays must be 0 or more.");
        var catalog = ClusterPkiMapping.ToCatalog(spec);
        var now = DateTimeOffset.UtcNow;
        var warn = TimeSpan.FromDays(warnWithinDays);
        var certs = new ConcurrentBag<HostCertificate>();
        var missing = new ConcurrentBag<string>();
        var unreachable = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(spec.Nodes, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (node, ct) =>
        {
            var placed = catalog.PlacementsFor(node.Name).Where(p => p.Placement.Kind is PlacedFileKind.Certificate or PlacedFileKind.Kubeconfig).ToList();
            try
            {
                await using var host = await connections.OpenAsync(node, ct).ConfigureAwait(false);
                foreach (var (entry, p) in placed)
                {
                    var bytes = await host.ReadFileAsync(p.Path, ct).ConfigureAwait(false);
                    if (bytes is null)
                    {
                        missing.Add($"{node.Name}:{p.Path}");
                        continue;
                    }
                    var text = Encoding.UTF8.GetString(bytes);
                    if (p.Kind == PlacedFileKind.Certificate)
                        foreach (var e in ExpiryReport.ForPem($"{node.Name}:{p.Path}", text, now, warn))
                            certs.Add(new HostCertificate { Host = node.Name, Path = p.Path, CatalogEntry = entry.Name, Expiry = e });
                    else
                        foreach (var e in ExpiryReport.ForKubeconfig($"{node.Name}:{p.Path}", KubeconfigFile.Parse(text, $"{node.Name}:{p.Path}"), now, warn))
                            certs.Add(new HostCertificate { Host = node.Name, Path = p.Path, CatalogEntry = entry.Name, Embedded = e.Source[(e.Source.IndexOf('#', StringComparison.Ordinal) + 1)..], Expiry = e });
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                unreachable[node.Name] = ex.Message;
            }
        }).ConfigureAwait(false);
        return new CertificateReport
        {
            ReadAt = now,
            Certificates = certs.OrderBy(c => c.Host, StringComparer.Ordinal).ThenBy(c => c.Path, StringComparer.Ordinal).ThenBy(c => c.Embedded, StringComparer.Ordinal).ToList(),
            Missing = missing.Order(StringComparer.Ordinal).ToList(),
            Unreachable = unreachable.ToDictionary(StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// Plans a renewal: checks that every CA certificate on the hosts (files and kubeconfig-embedded) is one of the PKI
    /// store's CAs, then selects the leaves to re-issue. Changes nothing.
    /// </summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="options">Which leaves, and the apply options (PKI store).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ClusterValidationException">The spec has errors.</exception>
    /// <exception cref="ArgumentException">An option is invalid, or the PKI store holds no CA.</exception>
    /// <exception cref="CertificateAuthorityMismatchException">A host trusts a CA the store does not hold.</exception>
    /// <exception cref="InvalidOperationException">A host could not be read (its CA cannot be checked).</exception>
    public async Task<CertificateRenewalPlan> PlanRenewalAsync(ClusterSpec spec, CertificateRenewalOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Apply);
        spec.Validate(ValidationOptions.ForApply).ThrowIfInvalid();
        if (options.WithinDays is < 0)
            throw new ArgumentException($"CertificateRenewalOptions.WithinDays is {options.WithinDays}: give 0 or more days, or null to renew every leaf.", nameof(options));
        var catalog = ClusterPkiMapping.ToCatalog(spec);
        var store = new PkiStore(Path.GetFullPath(options.Apply.PkiDirectory));
        var now = DateTimeOffset.UtcNow;

        // The store's CAs, read from its files (loading the PKI would generate what is missing).
        var cas = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in catalog.Entries.Where(e => e.Kind == CatalogEntryKind.CertificateAuthority))
        {
            var file = store.CertificatePath(e.Name);
            if (!File.Exists(file))
                throw new ArgumentException($"The PKI store '{store.Root}' holds no CA '{e.Name}' ({file}): renewal re-issues from the cluster's CAs and generates none. Pass the store the cluster was applied with (--pki-dir).", nameof(options));
            cas[e.Name] = ExpiryReport.ForPem(file, await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false), now)[0].Sha256Fingerprint;
        }

        var report = await ReportAsync(spec, 30, cancellationToken).ConfigureAwait(false);
        if (report.Unreachable.Count > 0)
            throw new InvalidOperationException("Certificate renewal refused; nothing was changed: the CA on these hosts cannot be checked: " +
                string.Join("; ", report.Unreachable.Select(u => $"{u.Key}: {u.Value}")) + ". Fix: make the hosts reachable, or remove them from the spec.");
        var known = cas.Values.ToHashSet(StringComparer.Ordinal);
        var mismatches = report.Certificates.Where(c => c.Expiry.IsCa && !known.Contains(c.Expiry.Sha256Fingerprint))
            .Select(c => $"{c.Host}:{c.Path}{(c.Embedded is null ? "" : "#" + c.Embedded)}: CA '{c.Expiry.Subject}' sha256 {c.Expiry.Sha256Fingerprint}")
            .ToList();
        if (mismatches.Count > 0) throw new CertificateAuthorityMismatchException(store.Root, cas, mismatches);

        var toRenew = new SortedDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var e in catalog.Entries.Where(e => e.Kind == CatalogEntryKind.Certificate))
        {
            var file = store.CertificatePath(e.Name);
            if (!File.Exists(file)) continue; // a normal apply creates it
            var notAfter = ExpiryReport.ForPem(file, await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false), now)[0].NotAfter;
            if (options.WithinDays is not { } days || notAfter - now <= TimeSpan.FromDays(days)) toRenew[e.Name] = notAfter;
        }

        var files = catalog.Entries.Where(e => toRenew.ContainsKey(e.Name))
            .SelectMany(e => e.Placements.Where(p => p.Kind is PlacedFileKind.Certificate or PlacedFileKind.Kubeconfig).Select(p => $"{p.Host}:{p.Path}"))
            .Order(StringComparer.Ordinal).ToList();
        var which = options.WithinDays is { } d ? $"expiring within {d} days" : "all";
        var steps = new List<string>
        {
            $"checked {report.Certificates.Count(c => c.Expiry.IsCa)} CA certificate(s) on {spec.Nodes.Count} host(s): all are the PKI store's ({string.Join(", ", cas.Keys)})",
            toRenew.Count == 0
                ? $"no leaf certificate {which}: nothing to re-issue"
                : $"re-issue {toRenew.Count} leaf certificate(s) ({which}) in the PKI store with their keys and identities: {string.Join(", ", toRenew.Keys)}",
            $"apply: place {files.Count} changed file(s) (certificates and the kubeconfigs embedding them); services whose files changed restart",
            "read the hosts' certificates back",
        };
        return new CertificateRenewalPlan
        {
            ToRenew = toRenew, Files = files, CertificateAuthorities = cas, Steps = steps,
        };
    }

    /// <summary>Renews leaf certificates: plan (with the CA check), re-issue in the PKI store, apply, read back.</summary>
    /// <param name="spec">The cluster.</param>
    /// <param name="options">Which leaves, and the apply options.</param>
    /// <param name="cancellationToken">Cancels; a cut renewal is finished by running it again (the store holds the new certificates, the apply places them).</param>
    /// <returns>What was re-issued, the apply, and the hosts' certificates afterwards.</returns>
    /// <exception cref="CertificateAuthorityMismatchException">A host trusts a CA the store does not hold; nothing changed.</exception>
    /// <exception cref="ApplyException">The apply failed.</exception>
    public async Task<CertificateRenewalResult> RenewAsync(ClusterSpec spec, CertificateRenewalOptions options, CancellationToken cancellationToken = default)
    {
        var plan = await PlanRenewalAsync(spec, options, cancellationToken).ConfigureAwait(false);
        logger?.LogInformation("certificate renewal:{NewLine}{Plan}", Environment.NewLine, plan.ToString());
        var reissued = new List<string>();
        if (plan.ToRenew.Count > 0)
        {
            var window = options.WithinDays is { } d ? TimeSpan.FromDays(d) : TimeSpan.MaxValue;
            var catalog = CertificateCatalog.For(ClusterPkiMapping.ToTopology(spec), ClusterPkiMapping.ToCatalogOptions(spec) with { RenewBefore = window });
            using var pki = await ClusterPkiGenerator.GenerateAsync(catalog, new PkiStore(Path.GetFullPath(options.Apply.PkiDirectory)), logger, cancellationToken: cancellationToken).ConfigureAwait(false);
            reissued.AddRange(pki.Outcomes.Where(o => o.Value == GenerationOutcome.Reissued).Select(o => o.Key).Order(StringComparer.Ordinal));
        }

        var applied = await new ClusterApplier(connections, logger).ApplyAsync(spec, options.Apply, cancellationToken).ConfigureAwait(false);
        var after = await ReportAsync(spec, 30, cancellationToken).ConfigureAwait(false);
        logger?.LogInformation("certificate renewal: {Count} re-issued, {Restarts} service restart(s)", reissued.Count.ToString(CultureInfo.InvariantCulture), applied.Restarts);
        return new CertificateRenewalResult { Plan = plan, Reissued = reissued, Applied = applied, After = after };
    }
}
