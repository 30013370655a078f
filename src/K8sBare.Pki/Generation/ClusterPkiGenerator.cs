using System.Collections.Concurrent;
using K8sBare.Pki.Catalog;
using K8sBare.Pki.Certificates;
using K8sBare.Pki.Keys;
using Microsoft.Extensions.Logging;

namespace K8sBare.Pki.Generation;

/// <summary>
/// Generates a cluster's whole PKI from a <see cref="CertificateCatalog"/>. Key generation (RSA dominates) runs on all
/// cores; signing runs in parallel with one CA clone per worker. With a <see cref="PkiStore"/>, whatever is already there
/// and still right is reused, so generating twice rotates nothing.
/// </summary>
public static class ClusterPkiGenerator
{
    /// <summary>Generates everything in memory (no store).</summary>
    /// <param name="catalog">What to generate (from <see cref="CertificateCatalog.For"/>).</param>
    /// <param name="time">Clock for NotBefore/NotAfter (tests); null means the system clock.</param>
    /// <param name="cancellationToken">Cancels key generation and signing between items.</param>
    /// <returns>Every CA, leaf and key pair, all <see cref="GenerationOutcome.Created"/>; the caller disposes it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="PkiException">An entry's spec is invalid (only possible for a hand-built catalogue).</exception>
    public static GeneratedPki Generate(CertificateCatalog catalog, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return Core(catalog, new Existing(), time ?? TimeProvider.System, cancellationToken);
    }

    /// <summary>
    /// Loads what <paramref name="store"/> holds, generates only what is missing or stale (wrong identity, other CA,
    /// expiring within <see cref="CertificateCatalogOptions.RenewBefore"/>, keeping the stored key), writes new material and
    /// kubeconfigs back to the store, and returns the complete PKI.
    /// </summary>
    /// <param name="catalog">What the cluster needs (from <see cref="CertificateCatalog.For"/>); its options give <see cref="CertificateCatalogOptions.RenewBefore"/> and the key PEM format.</param>
    /// <param name="store">The local PKI folder to reuse and update, or null to generate everything in memory.</param>
    /// <param name="logger">Receives one summary line (counts created / re-issued / reused and the store folder); never key material. Null logs nothing.</param>
    /// <param name="time">Clock for validity and the renewal window (tests); null means the system clock.</param>
    /// <param name="cancellationToken">Cancels loading, generation and writing; files already written stay (each one is written atomically), and a re-run reuses them.</param>
    /// <returns>The complete PKI with <see cref="GeneratedPki.Outcomes"/> per entry; the caller disposes it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    /// <exception cref="PkiException">The store holds another cluster's PKI (its <c>cluster</c> file names another cluster; checked before anything is read or written), a stored file is malformed or unreadable, a key does not match its certificate, a stored CA is unusable or half present, or the store cannot be written.</exception>
    public static async Task<GeneratedPki> GenerateAsync(CertificateCatalog catalog, PkiStore? store, ILogger? logger = null,
        TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        time ??= TimeProvider.System;
        if (store is not null) await store.EnsureBelongsToAsync(catalog.Topology.ClusterName, cancellationToken).ConfigureAwait(false);
        var existing = store is null ? new Existing() : await LoadAsync(catalog, store, time, cancellationToken).ConfigureAwait(false);
        var pki = await Task.Run(() => Core(catalog, existing, time, cancellationToken), cancellationToken).ConfigureAwait(false);
        try
        {
            if (store is not null)
            {
                await SaveAsync(pki, store, cancellationToken).ConfigureAwait(false);
                await store.ClaimAsync(catalog.Topology.ClusterName, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            pki.Dispose();
            throw;
        }
        if (logger is not null)
        {
            var counts = pki.Outcomes.GroupBy(o => o.Value).ToDictionary(g => g.Key, g => g.Count());
            logger.LogInformation("PKI for cluster {Cluster}: {Created} created, {Reissued} re-issued, {Reused} reused{Store}",
                catalog.Topology.ClusterName, counts.GetValueOrDefault(GenerationOutcome.Created), counts.GetValueOrDefault(GenerationOutcome.Reissued),
                counts.GetValueOrDefault(GenerationOutcome.Reused), store is null ? "" : $" (store {store.Root})");
        }
        return pki;
    }

    /// <summary>Issues many certificates from one CA on all cores (keys generated per spec). Results keep the input order.</summary>
    /// <param name="authority">The issuing CA; it is cloned per worker, never used concurrently.</param>
    /// <param name="specs">One spec per certificate; all are validated before any is issued.</param>
    /// <param name="cancellationToken">Cancels between batches; nothing is returned then (the issued ones are dropped undisposed).</param>
    /// <returns>One certificate with its new key per spec, in the order of <paramref name="specs"/>; the caller disposes them.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="authority"/> or <paramref name="specs"/> is null.</exception>
    /// <exception cref="PkiException">A spec is invalid (before anything is issued) or the CA cannot sign now.</exception>
    public static IReadOnlyList<IssuedCertificate> IssueMany(CertificateAuthority authority, IReadOnlyList<CertificateSpec> specs,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authority);
        ArgumentNullException.ThrowIfNull(specs);
        foreach (var s in specs) s.EnsureValid();
        var results = new IssuedCertificate[specs.Count];
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, specs.Count, Math.Max(1, specs.Count / (Environment.ProcessorCount * 8))),
            new ParallelOptions { CancellationToken = cancellationToken },
            authority.Clone,
            (range, _, ca) =>
            {
                for (var i = range.Item1; i < range.Item2; i++) results[i] = ca.Issue(specs[i]);
                return ca;
            },
            ca => ca.Dispose());
        return results;
    }

    private sealed class Existing
    {
        public Dictionary<CertificateAuthorityId, CertificateAuthority> Authorities { get; } = [];
        public Dictionary<string, IssuedCertificate> Certificates { get; } = [];
        public Dictionary<string, KeyPair> Keys { get; } = [];
    }

    private static async Task<Existing> LoadAsync(CertificateCatalog catalog, PkiStore store, TimeProvider time, CancellationToken ct)
    {
        var ex = new Existing();
        foreach (var e in catalog.Entries)
        {
            switch (e.Kind)
            {
                case CatalogEntryKind.CertificateAuthority:
                    if (await store.TryLoadAuthorityAsync(e.Name, time, ct).ConfigureAwait(false) is { } ca) ex.Authorities[e.Authority!.Value] = ca;
                    break;
                case CatalogEntryKind.Certificate:
                    if (await store.TryLoadCertificateAsync(e.Name, ct).ConfigureAwait(false) is { } c) ex.Certificates[e.Name] = c;
                    break;
                case CatalogEntryKind.KeyPair:
                    if (await store.TryLoadKeyAsync(e.Name, ct).ConfigureAwait(false) is { } k) ex.Keys[e.Name] = k;
                    break;
            }
        }
        return ex;
    }

    private static GeneratedPki Core(CertificateCatalog catalog, Existing existing, TimeProvider time, CancellationToken ct)
    {
        var outcomes = new ConcurrentDictionary<string, GenerationOutcome>(StringComparer.Ordinal);
        var now = time.GetUtcNow().UtcDateTime;
        var renewBefore = catalog.Options.RenewBefore;

        // 1. Decide per entry; collect the keys to generate.
        var needKey = new List<(string Name, KeyAlgorithm Algorithm)>();
        var reuse = new Dictionary<string, IssuedCertificate>(StringComparer.Ordinal);
        var reissueWithKey = new Dictionary<string, KeyPair>(StringComparer.Ordinal);
        foreach (var e in catalog.Entries)
        {
            switch (e.Kind)
            {
                case CatalogEntryKind.CertificateAuthority:
                    if (existing.Authorities.ContainsKey(e.Authority!.Value)) outcomes[e.Name] = GenerationOutcome.Reused;
                    else needKey.Add((e.Name, e.AuthoritySpec!.KeyAlgorithm));
                    break;
                case CatalogEntryKind.KeyPair:
                    if (existing.Keys.ContainsKey(e.Name)) outcomes[e.Name] = GenerationOutcome.Reused;
                    else needKey.Add((e.Name, e.KeyAlgorithm!.Value));
                    break;
                case CatalogEntryKind.Certificate:
                    var caReused = existing.Authorities.TryGetValue(e.Issuer!.Value, out var storedCa);
                    if (existing.Certificates.TryGetValue(e.Name, out var stored) && stored.Key is not null)
                    {
                        var fresh = stored.Certificate.NotAfter.ToUniversalTime() - now > renewBefore;
                        if (caReused && fresh && storedCa!.IsIssuerOf(stored.Certificate) && SameIdentity(stored, e.Certificate!))
                        {
                            reuse[e.Name] = stored;
                            outcomes[e.Name] = GenerationOutcome.Reused;
                        }
                        else reissueWithKey[e.Name] = stored.Key;
                    }
                    else needKey.Add((e.Name, e.Certificate!.KeyAlgorithm));
                    break;
            }
        }

        // 2. Generate every missing key on all cores (RSA key generation is the expensive part).
        var newKeys = new ConcurrentDictionary<string, KeyPair>(StringComparer.Ordinal);
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(needKey, EnumerablePartitionerOptions.NoBuffering),
            new ParallelOptions { CancellationToken = ct },
            item => newKeys[item.Name] = KeyPair.Generate(item.Algorithm));

        // 3. CAs: reuse or self-sign with the new key.
        var authorities = new Dictionary<CertificateAuthorityId, CertificateAuthority>();
        foreach (var e in catalog.Entries.Where(e => e.Kind == CatalogEntryKind.CertificateAuthority))
        {
            if (existing.Authorities.TryGetValue(e.Authority!.Value, out var ca)) authorities[e.Authority.Value] = ca;
            else
            {
                authorities[e.Authority.Value] = CertificateAuthority.Create(e.AuthoritySpec!, newKeys[e.Name], time);
                outcomes[e.Name] = GenerationOutcome.Created;
            }
        }
        var keyPairs = new Dictionary<string, KeyPair>(StringComparer.Ordinal);
        foreach (var e in catalog.Entries.Where(e => e.Kind == CatalogEntryKind.KeyPair))
        {
            if (existing.Keys.TryGetValue(e.Name, out var k)) keyPairs[e.Name] = k;
            else { keyPairs[e.Name] = newKeys[e.Name]; outcomes[e.Name] = GenerationOutcome.Created; }
        }

        // 4. Sign leaves in parallel, one CA clone per worker and CA.
        var toSign = catalog.Entries.Where(e => e.Kind == CatalogEntryKind.Certificate && !reuse.ContainsKey(e.Name)).ToList();
        var issued = new ConcurrentDictionary<string, IssuedCertificate>(reuse, StringComparer.Ordinal);
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(toSign, EnumerablePartitionerOptions.NoBuffering),
            new ParallelOptions { CancellationToken = ct },
            () => new Dictionary<CertificateAuthorityId, CertificateAuthority>(),
            (e, _, clones) =>
            {
                if (!clones.TryGetValue(e.Issuer!.Value, out var ca)) clones[e.Issuer.Value] = ca = authorities[e.Issuer.Value].Clone();
                if (reissueWithKey.TryGetValue(e.Name, out var key))
                {
                    issued[e.Name] = ca.Issue(e.Certificate!, key.Clone());
                    outcomes[e.Name] = GenerationOutcome.Reissued;
                }
                else
                {
                    issued[e.Name] = ca.Issue(e.Certificate!, newKeys[e.Name]);
                    outcomes[e.Name] = GenerationOutcome.Created;
                }
                return clones;
            },
            clones => { foreach (var c in clones.Values) c.Dispose(); });
        foreach (var (name, stale) in existing.Certificates)
            if (!reuse.ContainsKey(name)) stale.Dispose();

        return new GeneratedPki(catalog, authorities, new Dictionary<string, IssuedCertificate>(issued, StringComparer.Ordinal), keyPairs,
            new Dictionary<string, GenerationOutcome>(outcomes, StringComparer.Ordinal));
    }

    private static bool SameIdentity(IssuedCertificate stored, CertificateSpec want)
    {
        var have = CertificateSpec.FromCertificate(stored.Certificate);
        static string Ip(string s) => System.Net.IPAddress.TryParse(s, out var ip) ? ip.ToString() : s;
        return have.CommonName == want.CommonName
            && have.Organizations.SequenceEqual(want.Organizations, StringComparer.Ordinal)
            && have.OrganizationalUnit == want.OrganizationalUnit && have.Locality == want.Locality
            && have.Province == want.Province && string.Equals(have.Country, want.Country, StringComparison.OrdinalIgnoreCase)
            && have.Usage == want.Usage
            && have.DnsNames.Order(StringComparer.OrdinalIgnoreCase).SequenceEqual(want.DnsNames.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase)
            && have.IpAddresses.Select(Ip).Order(StringComparer.Ordinal).SequenceEqual(want.IpAddresses.Select(Ip).Order(StringComparer.Ordinal), StringComparer.Ordinal);
    }

    private static async Task SaveAsync(GeneratedPki pki, PkiStore store, CancellationToken ct)
    {
        var format = pki.Catalog.Options.PrivateKeyFormat;
        foreach (var e in pki.Catalog.Entries)
        {
            if (pki.Outcomes[e.Name] != GenerationOutcome.Reused)
            {
                switch (e.Kind)
                {
                    case CatalogEntryKind.CertificateAuthority:
                        await store.SaveAuthorityAsync(e.Name, pki.Authority(e.Authority!.Value), format, ct).ConfigureAwait(false);
                        break;
                    case CatalogEntryKind.Certificate:
                        await store.SaveCertificateAsync(e.Name, pki.Certificate(e.Name), format, ct).ConfigureAwait(false);
                        break;
                    case CatalogEntryKind.KeyPair:
                        await store.SaveKeyPairAsync(e.Name, pki.KeyPairs[e.Name], format, ct).ConfigureAwait(false);
                        break;
                }
            }
            if (e.HasKubeconfig) await store.SaveKubeconfigAsync(e.Name, pki.Kubeconfig(e.Name), ct).ConfigureAwait(false);
        }
    }
}
