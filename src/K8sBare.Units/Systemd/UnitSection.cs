namespace K8sBare.Units.Systemd;

/// <summary>One <c>[Section]</c> of a unit file with its directives in order.</summary>
/// <param name="Name">Section name without brackets, e.g. <c>Service</c>.</param>
/// <param name="Directives">Directives in file order; keys may repeat.</param>
public sealed record UnitSection(string Name, IReadOnlyList<UnitDirective> Directives)
{
    /// <summary>All values of <paramref name="key"/> in order (repeated keys), empty when absent.</summary>
    /// <param name="key">The directive name, case-sensitive, e.g. <c>Environment</c>.</param>
    public IReadOnlyList<string> GetAll(string key) =>
        Directives.Where(d => string.Equals(d.Key, key, StringComparison.Ordinal)).Select(d => d.Value).ToList();

    /// <summary>The last value of <paramref name="key"/> (systemd's "last one wins" for single-valued keys), or null.</summary>
    /// <param name="key">The directive name, case-sensitive.</param>
    public string? Get(string key) => Directives.LastOrDefault(d => string.Equals(d.Key, key, StringComparison.Ordinal))?.Value;
}
