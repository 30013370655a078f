using System.Collections.ObjectModel;
using System.Runtime.CompilerServices;

namespace K8sBare.Pki.Catalog;

/// <summary>
/// Lookups over a catalogue's entries, built once per <see cref="CertificateCatalog.Entries"/> list: entries by name,
/// placements by host (already de-duplicated and sorted by path) and the sorted host list. Kept outside the record (in a
/// weak table keyed by the entries list) so record equality, <c>with</c> copies and immutability are untouched.
/// </summary>
internal sealed class CatalogIndex
{
    private static readonly ConditionalWeakTable<IReadOnlyList<CatalogEntry>, CatalogIndex> Indexes = new();
    private static readonly ReadOnlyCollection<(CatalogEntry Entry, FilePlacement Placement)> NoPlacements = new([]);

    private readonly int _entryCount;

    private CatalogIndex(IReadOnlyList<CatalogEntry> entries)
    {
        _entryCount = entries.Count;
        var byName = new Dictionary<string, CatalogEntry>(StringComparer.Ordinal);
        var byHost = new Dictionary<string, List<(CatalogEntry Entry, FilePlacement Placement)>>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            byName.TryAdd(e.Name, e);
            foreach (var p in e.Placements)
            {
                if (!byHost.TryGetValue(p.Host, out var list)) byHost[p.Host] = list = [];
                list.Add((e, p));
            }
        }
        ByName = byName;
        // Same result as the scan it replaces: catalogue order, first placement per path wins, then a stable sort by path.
        ByHost = byHost.ToDictionary(h => h.Key,
            h => new ReadOnlyCollection<(CatalogEntry Entry, FilePlacement Placement)>(h.Value
                .DistinctBy(x => x.Placement.Path, StringComparer.Ordinal)
                .OrderBy(x => x.Placement.Path, StringComparer.Ordinal)
                .ToList()),
            StringComparer.Ordinal);
        Hosts = new ReadOnlyCollection<string>(byHost.Keys.Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>Entries by name (the first one when a name repeats).</summary>
    public IReadOnlyDictionary<string, CatalogEntry> ByName { get; }

    /// <summary>Every host that receives at least one file, sorted.</summary>
    public ReadOnlyCollection<string> Hosts { get; }

    private Dictionary<string, ReadOnlyCollection<(CatalogEntry Entry, FilePlacement Placement)>> ByHost { get; }

    /// <summary>One host's placements, sorted by path (empty for an unknown host).</summary>
    public ReadOnlyCollection<(CatalogEntry Entry, FilePlacement Placement)> PlacementsFor(string host) =>
        ByHost.TryGetValue(host, out var list) ? list : NoPlacements;

    /// <summary>The index of <paramref name="entries"/>, built on first use and shared by every catalogue holding that list.</summary>
    public static CatalogIndex Of(IReadOnlyList<CatalogEntry> entries)
    {
        // Thread-safe: GetValue builds at most one winner per list. A list changed in place (only possible when a caller
        // passed a mutable list and kept mutating it) gets a fresh index.
        var index = Indexes.GetValue(entries, static e => new CatalogIndex(e));
        if (index._entryCount == entries.Count) return index;
        index = new CatalogIndex(entries);
        Indexes.AddOrUpdate(entries, index);
        return index;
    }
}
