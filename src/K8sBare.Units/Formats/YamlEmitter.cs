using System.Collections;
using System.Globalization;
using System.Text;

namespace K8sBare.Units.Formats;

/// <summary>A small deterministic YAML emitter (block style, double-quoted strings when plain would be ambiguous).</summary>
public static class YamlEmitter
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    };

    /// <summary>Emits a mapping as a YAML document.</summary>
    /// <param name="map">The mapping; keys in insertion order, null values skipped.</param>
    /// <returns>Block-style YAML, two-space indent, LF, no <c>---</c> marker.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="map"/> is null.</exception>
    /// <exception cref="ArgumentException">A value is of a type YAML output does not support (only strings, booleans, int, long, double, <see cref="YamlMap"/> and sequences of those).</exception>
    public static string Emit(YamlMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var sb = new StringBuilder();
        WriteMap(sb, map, 0);
        return sb.ToString();
    }

    /// <summary>Emits several mappings as a multi-document stream separated by <c>---</c>.</summary>
    /// <param name="documents">The documents in output order (e.g. Kubernetes manifests).</param>
    /// <exception cref="ArgumentException">A value is of an unsupported type (see <see cref="Emit"/>).</exception>
    public static string EmitDocuments(IEnumerable<YamlMap> documents) =>
        string.Join("---\n", documents.Select(Emit));

    /// <summary>Formats one scalar.</summary>
    /// <param name="value">A string (quoted when plain would be ambiguous), bool, int, long or double (invariant culture, round-trip).</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is of another type.</exception>
    public static string Scalar(object value) => value switch
    {
        string s => QuoteIfNeeded(s),
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"Unsupported YAML scalar type {value.GetType().Name}.", nameof(value)),
    };

    /// <summary>Returns the string plain when that is unambiguous, otherwise double-quoted with JSON-style escapes.</summary>
    /// <param name="s">The text; it stays plain only when it starts with a letter, '/' or '_', holds only letters, digits and <c>/_.-@+</c>, and is not a YAML 1.1 boolean/null word (<c>yes</c>, <c>off</c>, <c>null</c>, …).</param>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is null.</exception>
    public static string QuoteIfNeeded(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var plain = s.Length > 0
            && (char.IsAsciiLetter(s[0]) || s[0] is '/' or '_')
            && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '.' or '-' or '@' or '+')
            && !Reserved.Contains(s);
        return plain ? s : DoubleQuote(s);
    }

    private static string DoubleQuote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (char.IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    private static void WriteMap(StringBuilder sb, YamlMap map, int indent)
    {
        var first = true;
        foreach (var (key, value) in map)
        {
            if (value is null) continue;
            if (!first || indent > 0) sb.Append(' ', indent);
            first = false;
            sb.Append(QuoteIfNeeded(key)).Append(':');
            WriteValueAfterKey(sb, value, indent);
        }
    }

    private static void WriteValueAfterKey(StringBuilder sb, object value, int indent)
    {
        switch (value)
        {
            case YamlMap m when m.All(e => e.Value is null):
                sb.Append(" {}\n");
                break;
            case YamlMap m:
                sb.Append('\n');
                WriteMap(sb, m, indent + 2);
                break;
            case string or bool or int or long or double:
                sb.Append(' ').Append(Scalar(value)).Append('\n');
                break;
            case IEnumerable seq:
                var items = seq.Cast<object?>().Where(i => i is not null).Cast<object>().ToList();
                if (items.Count == 0) { sb.Append(" []\n"); break; }
                sb.Append('\n');
                WriteSequence(sb, items, indent + 2);
                break;
            default:
                throw new ArgumentException($"Unsupported YAML value type {value.GetType().Name}.", nameof(value));
        }
    }

    private static void WriteSequence(StringBuilder sb, List<object> items, int indent)
    {
        foreach (var item in items)
        {
            sb.Append(' ', indent).Append('-');
            if (item is YamlMap m)
            {
                var entries = m.Where(e => e.Value is not null).ToList();
                if (entries.Count == 0) { sb.Append(" {}\n"); continue; }
                sb.Append(' ');
                var inner = new YamlMap();
                inner.AddRange(entries);
                // First key on the dash line, the rest aligned under it.
                var text = new StringBuilder();
                WriteMap(text, inner, indent + 2);
                sb.Append(text.ToString(indent + 2, text.Length - indent - 2));
            }
            else if (item is string or bool or int or long or double)
            {
                sb.Append(' ').Append(Scalar(item)).Append('\n');
            }
            else
            {
                throw new ArgumentException($"Unsupported YAML sequence item {item.GetType().Name}.", nameof(items));
            }
        }
    }
}
