namespace K8sBare.Units.Formats;

/// <summary>
/// An ordered YAML mapping used to build config files deterministically (insertion order is output order).
/// Values may be strings, booleans, numbers, nested <see cref="YamlMap"/>s, or sequences of those; null values are skipped.
/// </summary>
public sealed class YamlMap : List<KeyValuePair<string, object?>>
{
    /// <summary>Adds a key (collection-initializer friendly).</summary>
    /// <param name="key">The mapping key; duplicates are not detected (both would be written).</param>
    /// <param name="value">A string, bool, int, long, double, nested <see cref="YamlMap"/> or a sequence of those; null skips the key on output.</param>
    public void Add(string key, object? value) => Add(new KeyValuePair<string, object?>(key, value));

    /// <summary>Renders this mapping as a YAML document (LF, two-space indent, no document marker).</summary>
    public string Render() => YamlEmitter.Emit(this);
}
