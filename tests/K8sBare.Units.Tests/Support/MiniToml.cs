using System.Text;

namespace K8sBare.Units.Tests.Support;

/// <summary>
/// A small TOML reader for tests: tables, dotted/quoted header keys, key = scalar/array values. It is strict about
/// structure (every line must be a comment, a header or a key/value; no duplicate tables or keys) so it doubles as a
/// format check for containerd's version-3 file, which the installed containerd 1.6 cannot load.
/// Keys come back as segments joined with '/', e.g. <c>plugins/io.containerd.grpc.v1.cri/containerd/snapshotter</c>.
/// </summary>
public static class MiniToml
{
    public static IReadOnlyDictionary<string, string> Parse(string text, bool strict = true)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var tables = new HashSet<string>(StringComparer.Ordinal);
        var table = "";
        var lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith("[[", StringComparison.Ordinal))
            {
                table = string.Join('/', SplitKey(line[2..^2], lineNo)) + "[]";
                continue;
            }
            if (line.StartsWith('['))
            {
                if (!line.EndsWith(']')) throw new FormatException($"line {lineNo}: bad table header '{line}'");
                table = string.Join('/', SplitKey(line[1..^1], lineNo));
                if (!tables.Add(table) && strict) throw new FormatException($"line {lineNo}: table [{table}] defined twice");
                continue;
            }
            var eq = FindEquals(line);
            if (eq <= 0) throw new FormatException($"line {lineNo}: expected key = value, got '{line}'");
            var key = string.Join('/', SplitKey(line[..eq].Trim(), lineNo));
            var value = ParseValue(line[(eq + 1)..].Trim(), lineNo);
            var full = table.Length == 0 ? key : table + "/" + key;
            if (!values.TryAdd(full, value) && strict) throw new FormatException($"line {lineNo}: key {full} defined twice");
            values[full] = value;
        }
        return values;
    }

    private static int FindEquals(string line)
    {
        var inQuote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            if (inQuote != '\0') { if (line[i] == inQuote) inQuote = '\0'; continue; }
            if (line[i] is '"' or '\'') inQuote = line[i];
            else if (line[i] == '=') return i;
        }
        return -1;
    }

    private static List<string> SplitKey(string key, int lineNo)
    {
        var parts = new List<string>();
        var sb = new StringBuilder();
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c is '"' or '\'')
            {
                var end = key.IndexOf(c, i + 1);
                if (end < 0) throw new FormatException($"line {lineNo}: unterminated quoted key");
                sb.Append(key, i + 1, end - i - 1);
                i = end;
            }
            else if (c == '.') { parts.Add(sb.ToString().Trim()); sb.Clear(); }
            else sb.Append(c);
        }
        parts.Add(sb.ToString().Trim());
        if (parts.Any(p => p.Length == 0)) throw new FormatException($"line {lineNo}: empty key segment in '{key}'");
        return parts;
    }

    private static string ParseValue(string v, int lineNo)
    {
        var hash = -1;
        var q = '\0';
        for (var i = 0; i < v.Length; i++)
        {
            if (q != '\0') { if (v[i] == '\\' && q == '"') i++; else if (v[i] == q) q = '\0'; continue; }
            if (v[i] is '"' or '\'') q = v[i];
            else if (v[i] == '#') { hash = i; break; }
        }
        if (q != '\0') throw new FormatException($"line {lineNo}: unterminated string in '{v}'");
        if (hash >= 0) v = v[..hash].Trim();
        if (v.Length == 0) throw new FormatException($"line {lineNo}: missing value");
        if (v.StartsWith('"') && v.EndsWith('"') && v.Length >= 2) return v[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
        if (v.StartsWith('\'') && v.EndsWith('\'') && v.Length >= 2) return v[1..^1];
        if (v is "true" or "false") return v;
        if (v.StartsWith('[') && v.EndsWith(']')) return v;
        if (v.StartsWith('{') && v.EndsWith('}')) return v;
        if (double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)) return v;
        throw new FormatException($"line {lineNo}: '{v}' is not a TOML value");
    }
}
