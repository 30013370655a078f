using System.Globalization;

namespace K8sBare.Units.Flags;

/// <summary>
/// An ordered list of <c>--name=value</c> flags. Typed options add flags in a fixed order; <see cref="Merge"/> then
/// applies user extra args (which replace a typed flag of the same name in place, or are appended in key order).
/// </summary>
public sealed class FlagList
{
    private readonly List<KeyValuePair<string, string>> _flags = [];

    /// <summary>Adds <c>--name=value</c> unless <paramref name="value"/> is null.</summary>
    /// <param name="name">The flag name without dashes, e.g. <c>bind-address</c>.</param>
    /// <param name="value">The value as the component parses it; null adds nothing, empty renders a bare <c>--name</c>.</param>
    /// <returns>This list.</returns>
    public FlagList Add(string name, string? value)
    {
        if (value is not null) _flags.Add(new(name, value));
        return this;
    }

    /// <summary>Adds <c>--name=true|false</c> unless null.</summary>
    /// <param name="name">The flag name without dashes.</param>
    /// <param name="value">The boolean; null adds nothing.</param>
    /// <returns>This list.</returns>
    public FlagList Add(string name, bool? value) => Add(name, value switch { null => null, true => "true", false => "false" });

    /// <summary>Adds a numeric flag unless null.</summary>
    /// <param name="name">The flag name without dashes.</param>
    /// <param name="value">The number in the flag's own unit (e.g. a port, a count); written in invariant culture; null adds nothing.</param>
    /// <returns>This list.</returns>
    public FlagList Add(string name, int? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds a comma-joined list unless it is empty.</summary>
    /// <param name="name">The flag name without dashes.</param>
    /// <param name="values">The items, joined with ',' in order (e.g. admission plugins); empty adds nothing.</param>
    /// <returns>This list.</returns>
    public FlagList Add(string name, IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? this : Add(name, string.Join(',', list));
    }

    /// <summary>Applies extra args: keys with or without leading dashes; an empty value renders a bare <c>--name</c>.</summary>
    /// <param name="extraArgs">Flag name (with or without dashes) to value. Not validated here: check them first with <see cref="CheckExtraArgs"/>.</param>
    /// <returns>This list.</returns>
    public FlagList Merge(IReadOnlyDictionary<string, string> extraArgs)
    {
        foreach (var (rawKey, value) in extraArgs.OrderBy(e => RemovedFlags.Normalize(e.Key), StringComparer.Ordinal))
        {
            var key = RemovedFlags.Normalize(rawKey);
            var index = _flags.FindIndex(f => string.Equals(f.Key, key, StringComparison.Ordinal));
            if (index >= 0) _flags[index] = new(key, value);
            else _flags.Add(new(key, value));
        }
        return this;
    }

    /// <summary>The flag names in order.</summary>
    public IReadOnlyList<string> Names => _flags.Select(f => f.Key).ToList();

    /// <summary>The rendered argv entries.</summary>
    public IReadOnlyList<string> ToArgs() => _flags.Select(f => f.Value.Length == 0 ? $"--{f.Key}" : $"--{f.Key}={f.Value}").ToList();

    /// <summary>
    /// True when <paramref name="key"/> (with or without leading dashes, ignoring any <c>=value</c> part, which
    /// <see cref="CheckExtraArgs"/> refuses separately) names a flag: letters, digits, '-', '_' and '.' only.
    /// </summary>
    /// <param name="key">The extra-args key.</param>
    public static bool IsFlagName(string? key)
    {
        if (key is null) return false;
        var name = RemovedFlags.Normalize(key);
        return name.Length > 0 && name.Length <= 128 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
    }

    /// <summary>True when <paramref name="value"/> can be one argv entry in a unit file or init script: no control characters.</summary>
    /// <param name="value">The flag's value.</param>
    public static bool IsFlagValue(string? value) => value is not null && !value.Any(char.IsControl);

    /// <summary>
    /// Validates extra args for <paramref name="component"/> at <paramref name="version"/>: bad names and removed flags.
    /// </summary>
    /// <param name="owner">The options type the problems are reported under, e.g. <c>KubeletOptions</c> (gives <c>KubeletOptions.ExtraArgs[key]</c>).</param>
    /// <param name="component">The component the flags are for.</param>
    /// <param name="version">The component's version (Kubernetes minor for Kubernetes components, etcd or flannel version otherwise), checked against <see cref="RemovedFlags.All"/>.</param>
    /// <param name="extraArgs">Flag name (with or without dashes) to value, as the user gave them.</param>
    /// <returns>Every problem, sorted by key: not a flag name, a key containing '=', a control character in a value, or a removed flag (with its replacement and upstream source).</returns>
    public static IReadOnlyList<OptionProblem> CheckExtraArgs(string owner, ComponentKind component, Version version, IReadOnlyDictionary<string, string> extraArgs)
    {
        var problems = new List<OptionProblem>();
        foreach (var (key, value) in extraArgs.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var name = RemovedFlags.Normalize(key);
            var option = $"{owner}.ExtraArgs[{key}]";
            if (!IsFlagName(key))
                problems.Add(new OptionProblem(option, $"'{key}' is not a flag name; use e.g. \"v\" or \"--v\" as the key and put the value in the value."));
            if (key.Contains('=', StringComparison.Ordinal))
                problems.Add(new OptionProblem(option, "the key must not contain '='; put the value in the dictionary value."));
            if (!IsFlagValue(value))
                problems.Add(new OptionProblem(option, "the value must not contain a newline or other control character."));
            if (RemovedFlags.Find(component, name, version) is { } removed)
                problems.Add(new OptionProblem(option, removed.Describe(version)));
        }
        return problems;
    }
}
