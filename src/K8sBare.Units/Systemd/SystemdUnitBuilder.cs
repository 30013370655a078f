namespace K8sBare.Units.Systemd;

/// <summary>Fluent builder for a <see cref="SystemdUnit"/>: sections and directives keep the order they are added in.</summary>
public sealed class SystemdUnitBuilder
{
    private readonly List<(string Name, List<UnitDirective> Directives)> _sections = [];

    /// <summary>Starts (or continues, if it is the last one) a section.</summary>
    /// <param name="name">The section name without brackets, e.g. <c>Unit</c>, <c>Service</c>, <c>Install</c>.</param>
    /// <returns>This builder.</returns>
    public SystemdUnitBuilder Section(string name)
    {
        if (_sections.Count == 0 || !string.Equals(_sections[^1].Name, name, StringComparison.Ordinal))
            _sections.Add((name, []));
        return this;
    }

    /// <summary>Adds <c>key=value</c> to the current section (a null value adds nothing).</summary>
    /// <param name="key">The directive name, e.g. <c>Restart</c>.</param>
    /// <param name="value">The logical value, already quoted/escaped as systemd reads it (see <see cref="SystemdQuoting"/>); null adds nothing.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">No section was started.</exception>
    public SystemdUnitBuilder Add(string key, string? value)
    {
        if (value is null) return this;
        return Add(new UnitDirective(key, value));
    }

    /// <summary>Adds a directive to the current section.</summary>
    /// <param name="directive">The directive; keys may repeat.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">No section was started.</exception>
    public SystemdUnitBuilder Add(UnitDirective directive)
    {
        if (_sections.Count == 0) throw new InvalidOperationException("Call Section(name) before adding directives.");
        _sections[^1].Directives.Add(directive);
        return this;
    }

    /// <summary>Adds a space-separated list directive when the list is not empty.</summary>
    /// <param name="key">The directive name, e.g. <c>After</c>.</param>
    /// <param name="values">The items (unit names, etc.), joined with one space; empty adds nothing.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">No section was started.</exception>
    public SystemdUnitBuilder AddList(string key, IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? this : Add(key, string.Join(' ', list));
    }

    /// <summary>Builds the immutable unit.</summary>
    public SystemdUnit Build() => new(_sections.Select(s => new UnitSection(s.Name, s.Directives.ToList())).ToList());
}
