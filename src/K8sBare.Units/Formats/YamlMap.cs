namespace K8sBare.Units.Formats;

/// <summary>
/// An ordered YAML mapping used to build config files deterministically (insertion order is output order).
/// Values may be strings, booleans, numbers, nested <see cref="YamlMap"/>s, or sequences of those; null values are skipped.
/// </summary>
public sealed class YamlMap : List<KeyValuePair<string, object?>>
{
    /// <summary>Adds a key (collection-initializer friendly).</summary>
    public void Add(string key, object? value) => Add(new KeyValuePair<string, object?>(key, value));

    /// <summary>Renders this mapping as a YAML document (LF, two-space indent, no document marker).</summary>
    public string Render() => YamlEmitter.Emit(this);
}
