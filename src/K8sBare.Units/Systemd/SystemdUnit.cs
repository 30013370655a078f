using System.Globalization;
using System.Text;

namespace K8sBare.Units.Systemd;

/// <summary>
/// A systemd unit file as an ordered list of sections. <see cref="Render"/> produces byte-stable text
/// (LF, one blank line between sections, long <c>Exec*=</c> command lines wrapped with <c>\</c> continuations);
/// <see cref="Parse"/> reads a unit file back (comments dropped, continuations joined).
/// </summary>
/// <param name="Sections">Sections in file order.</param>
public sealed record SystemdUnit(IReadOnlyList<UnitSection> Sections)
{
    /// <summary>The section named <paramref name="name"/> (first one), or null.</summary>
    /// <param name="name">The section name without brackets, case-sensitive, e.g. <c>Service</c>.</param>
    public UnitSection? Section(string name) => Sections.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));

    /// <summary>All values of <paramref name="key"/> in <paramref name="section"/> (every occurrence of the section), in order.</summary>
    /// <param name="section">The section name without brackets, case-sensitive.</param>
    /// <param name="key">The directive name, case-sensitive, e.g. <c>Environment</c>.</param>
    public IReadOnlyList<string> GetAll(string section, string key) =>
        Sections.Where(s => string.Equals(s.Name, section, StringComparison.Ordinal)).SelectMany(s => s.GetAll(key)).ToList();

    /// <summary>The last value of <paramref name="key"/> in <paramref name="section"/>, or null.</summary>
    /// <param name="section">The section name without brackets, case-sensitive.</param>
    /// <param name="key">The directive name, case-sensitive; the last occurrence wins, as systemd reads single-valued keys.</param>
    public string? Get(string section, string key) => GetAll(section, key).LastOrDefault();

    /// <summary>Renders the unit file text.</summary>
    public string Render()
    {
        var sb = new StringBuilder();
        for (var s = 0; s < Sections.Count; s++)
        {
            if (s > 0) sb.Append('\n');
            var section = Sections[s];
            sb.Append('[').Append(section.Name).Append("]\n");
            foreach (var d in section.Directives)
            {
                if (d.Value.Contains('\n', StringComparison.Ordinal))
                    throw new UnitsException($"[{section.Name}] {d.Key}", "value contains a newline; unit file values are single logical lines.");
                sb.Append(d.Key).Append('=');
                AppendValue(sb, d);
                sb.Append('\n');
            }
        }
        return sb.ToString();
    }

    /// <summary>Parses unit file text. Comments (<c>#</c>, <c>;</c>) and blank lines are dropped; continuation lines are joined with one space.</summary>
    /// <param name="text">The file text.</param>
    /// <param name="fileName">Used in error messages.</param>
    /// <exception cref="UnitsException">A line is neither a section header, a directive, a comment nor blank.</exception>
    public static SystemdUnit Parse(string text, string fileName = "unit file")
    {
        ArgumentNullException.ThrowIfNull(text);
        var sections = new List<UnitSection>();
        string? current = null;
        var directives = new List<UnitDirective>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var lineNo = i + 1;
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            if (line[0] == '[')
            {
                if (!line.EndsWith(']') || line.Length < 3)
                    throw new UnitsException($"{fileName}:{lineNo.ToString(CultureInfo.InvariantCulture)}", $"'{line}' is not a section header; write [Name].");
                if (current is not null) sections.Add(new UnitSection(current, directives));
                current = line[1..^1];
                directives = [];
                continue;
            }
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                throw new UnitsException($"{fileName}:{lineNo.ToString(CultureInfo.InvariantCulture)}", $"'{line}' is not Key=Value.");
            if (current is null)
                throw new UnitsException($"{fileName}:{lineNo.ToString(CultureInfo.InvariantCulture)}", "directive before the first [Section] header.");
            var key = line[..eq].TrimEnd();
            var value = new StringBuilder(line[(eq + 1)..].TrimStart());
            while (EndsWithContinuation(value) && i + 1 < lines.Length)
            {
                value.Length--;
                TrimEnd(value);
                i++;
                var next = lines[i].Trim();
                while (next.Length > 0 && next[0] is '#' or ';' && i + 1 < lines.Length) next = lines[++i].Trim();
                if (next.Length > 0) value.Append(' ').Append(next);
            }
            directives.Add(new UnitDirective(key, value.ToString().TrimEnd()));
        }
        if (current is not null) sections.Add(new UnitSection(current, directives));
        return new SystemdUnit(sections);
    }

    private static bool EndsWithContinuation(StringBuilder sb)
    {
        if (sb.Length == 0 || sb[^1] != '\\') return false;
        var n = 0;
        for (var i = sb.Length - 1; i >= 0 && sb[i] == '\\'; i--) n++;
        return n % 2 == 1;
    }

    private static void TrimEnd(StringBuilder sb)
    {
        while (sb.Length > 0 && char.IsWhiteSpace(sb[^1])) sb.Length--;
    }

    private static void AppendValue(StringBuilder sb, UnitDirective d)
    {
        if (!d.Key.StartsWith("Exec", StringComparison.Ordinal))
        {
            sb.Append(d.Value);
            return;
        }
        // Wrap: the command on the first line, then one option (a word starting with '-' plus the
        // words that follow it up to the next option) per continuation line.
        var words = SystemdQuoting.RawWords(d.Value);
        if (words.Count <= 2)
        {
            sb.Append(string.Join(' ', words));
            return;
        }
        var groups = new List<string> { words[0] };
        for (var i = 1; i < words.Count; i++)
        {
            if (words[i].TrimStart('"', '\'').StartsWith('-') || groups.Count == 1) groups.Add(words[i]);
            else groups[^1] += " " + words[i];
        }
        sb.Append(groups[0]);
        for (var i = 1; i < groups.Count; i++) sb.Append(" \\\n  ").Append(groups[i]);
    }
}
