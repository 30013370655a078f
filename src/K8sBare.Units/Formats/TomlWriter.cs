using System.Globalization;
using System.Text;

namespace K8sBare.Units.Formats;

/// <summary>A minimal deterministic TOML writer: tables in the order written, basic (double-quoted) strings.</summary>
internal sealed class TomlWriter
{
    private readonly StringBuilder _sb = new();
    private int _indent;

    public TomlWriter Comment(string text)
    {
        _sb.Append("# ").Append(text).Append('\n');
        return this;
    }

    public TomlWriter Key(string key, string value) => Raw(key, Quote(value));

    public TomlWriter Key(string key, bool value) => Raw(key, value ? "true" : "false");

    public TomlWriter Key(string key, int value) => Raw(key, value.ToString(CultureInfo.InvariantCulture));

    public TomlWriter Key(string key, IEnumerable<string> values) => Raw(key, "[" + string.Join(", ", values.Select(Quote)) + "]");

    public TomlWriter Table(string header, int indent)
    {
        if (_sb.Length > 0) _sb.Append('\n');
        _indent = indent;
        _sb.Append(' ', indent * 2).Append('[').Append(header).Append("]\n");
        _indent = indent + 1;
        return this;
    }

    public TomlWriter Raw(string key, string value)
    {
        _sb.Append(' ', _indent * 2).Append(key).Append(" = ").Append(value).Append('\n');
        return this;
    }

    public override string ToString() => _sb.ToString();

    public static string Quote(string s)
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
                default:
                    if (char.IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
