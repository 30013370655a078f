using K8sBare.Pki.Certificates;

namespace K8sBare.Pki.Catalog;

/// <summary>
/// The declarative list of every certificate and key a cluster needs (in the spirit of kubeadm's
/// <c>certlist.go</c>), computed from a <see cref="ClusterTopology"/>. Pure: nothing is generated here;
/// pass it to <see cref="Generation.ClusterPkiGenerator"/>.
/// </summary>
public sealed record CertificateCatalog
{
    /// <summary>The topology the catalogue was computed from.</summary>
    public required ClusterTopology Topology { get; init; }

    /// <summary>The options used.</summary>
    public required CertificateCatalogOptions Options { get; init; }

    /// <summary>All entries: the three CAs first, then leaves in a stable order.</summary>
    public required IReadOnlyList<CatalogEntry> Entries { get; init; }

    /// <summary>The entry with this name.</summary>
    /// <param name="name">An entry's <see cref="CatalogEntry.Name"/>, e.g. <c>ca</c>, <c>apiserver</c>, <c>kubelet/node-1</c> (case-sensitive).</param>
    /// <exception cref="PkiException">No such entry (the message lists the known names).</exception>
    public CatalogEntry this[string name] => (name is not null && CatalogIndex.Of(Entries).ByName.TryGetValue(name, out var entry) ? entry : null)
        ?? throw new PkiException($"catalogue has no entry '{name}'. Known: {string.Join(", ", Entries.Select(e => e.Name))}.");

    /// <summary>Every host that receives at least one file, sorted (computed once per catalogue, read-only).</summary>
    public IReadOnlyList<string> Hosts => CatalogIndex.Of(Entries).Hosts;

    /// <summary>Every placement for one host, sorted by path (duplicates of the same file removed).</summary>
    /// <param name="host">A node name as in <see cref="ClusterTopology"/> (<see cref="FilePlacement.Host"/>); case-sensitive.</param>
    /// <returns>Each placed file with its entry; empty when the host receives nothing (or is unknown).</returns>
    /// <remarks>Indexed by host once per catalogue, so this is O(files of that host); the list is shared and read-only.</remarks>
    public IReadOnlyList<(CatalogEntry Entry, FilePlacement Placement)> PlacementsFor(string host) => CatalogIndex.Of(Entries).PlacementsFor(host);

    /// <summary>The reference implementation of <see cref="PlacementsFor"/>: a scan of every placement (tests compare the two).</summary>
    internal IReadOnlyList<(CatalogEntry Entry, FilePlacement Placement)> PlacementsForByScan(string host) =>
        Entries.SelectMany(e => e.Placements.Where(p => p.Host == host).Select(p => (Entry: e, Placement: p)))
            .DistinctBy(x => x.Placement.Path, StringComparer.Ordinal)
            .OrderBy(x => x.Placement.Path, StringComparer.Ordinal)
            .ToList();

    /// <summary>Builds the catalogue for a topology (validated first; all problems are reported at once).</summary>
    /// <param name="topology">The cluster's names, service CIDR, API endpoints and nodes per role; checked with <see cref="ClusterTopology.Validate"/>.</param>
    /// <param name="options">Key types, validities, host paths and placement choices; null means the defaults of <see cref="CertificateCatalogOptions"/>.</param>
    /// <returns>The entries in the spirit of kubeadm's certificate list (<c>cmd/kubeadm/app/phases/certs/certlist.go</c>), adapted to the hard way's hosts and paths.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="topology"/> is null.</exception>
    /// <exception cref="PkiException">The topology or options are invalid (non-positive validity, two entries at one path on a host, a relative path, a bad SAN); every problem is listed, each naming its field.</exception>
    public static CertificateCatalog For(ClusterTopology topology, CertificateCatalogOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        options ??= new CertificateCatalogOptions();
        var problems = topology.Validate().ToList();
        if (options.LeafValidity <= TimeSpan.Zero) problems.Add("catalogue options: LeafValidity must be positive.");
        if (options.CaValidity <= TimeSpan.Zero) problems.Add("catalogue options: CaValidity must be positive.");
        if (problems.Count > 0) throw new PkiException("invalid cluster topology:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
        var entries = CatalogBuilder.Build(topology, options);
        var specProblems = entries.Where(e => e.Certificate is not null).SelectMany(e => e.Certificate!.Validate()).ToList();
        foreach (var clash in entries.SelectMany(e => e.Placements.Select(p => (e.Name, p)))
                     .GroupBy(x => (x.p.Host, x.p.Path))
                     .Where(g => g.Select(x => (x.Name, x.p.Kind)).Distinct().Count() > 1))
            specProblems.Add($"layout: host '{clash.Key.Host}' would get {string.Join(" and ", clash.Select(x => $"{x.Name} ({x.p.Kind})").Distinct())} at the same path {clash.Key.Path}; give them different paths in PkiLayout.");
        foreach (var relative in entries.SelectMany(e => e.Placements).Where(p => !p.Path.StartsWith('/')).Select(p => p.Path).Distinct())
            specProblems.Add($"layout: path '{relative}' is not absolute.");
        if (specProblems.Count > 0) throw new PkiException("invalid certificate catalogue:" + Environment.NewLine + string.Join(Environment.NewLine, specProblems));
        return new CertificateCatalog { Topology = topology, Options = options, Entries = entries };
    }
}
