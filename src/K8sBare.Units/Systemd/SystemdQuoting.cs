using System.Text;

namespace K8sBare.Units.Systemd;

/// <summary>
/// Quoting and splitting of unit-file values the way systemd reads them (systemd.service "Command lines",
/// systemd.exec <c>Environment=</c>): <c>%</c> is doubled (specifiers), <c>$</c> is doubled in command lines,
/// words with blanks, quotes or backslashes are double-quoted with C escapes.
/// </summary>
public static class SystemdQuoting
{
    /// <summary>Quotes one argument of a command line.</summary>
    /// <param name="argument">One argv entry; <c>%</c> and <c>$</c> are doubled so systemd passes them literally.</param>
    /// <exception cref="ArgumentNullException"><paramref name="argument"/> is null.</exception>
    /// <exception cref="UnitsException"><paramref name="argument"/> contains a newline (unit command lines are single lines).</exception>
    public static string QuoteArgument(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        if (argument.Contains('\n', StringComparison.Ordinal) || argument.Contains('\r', StringComparison.Ordinal))
            throw new UnitsException("ExecCommand.Arguments", $"argument '{argument.Replace("\n", "\\n", StringComparison.Ordinal)}' contains a newline; systemd command lines are single lines.");
        var escaped = argument.Replace("%", "%%", StringComparison.Ordinal).Replace("$", "$$", StringComparison.Ordinal);
        var needsQuotes = argument.Length == 0 || argument == ";"
            || argument.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\');
        if (!needsQuotes) return escaped;
        return "\"" + escaped.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>Joins an executable path and its arguments into one command-line value.</summary>
    /// <param name="path">The absolute executable path (quoted like an argument).</param>
    /// <param name="arguments">The arguments, one per argv entry.</param>
    /// <exception cref="UnitsException">The path or an argument contains a newline.</exception>
    public static string JoinCommand(string path, IEnumerable<string> arguments) =>
        string.Join(' ', new[] { QuoteArgument(path) }.Concat(arguments.Select(QuoteArgument)));

    /// <summary>The value of an <c>Environment=</c> line for one variable.</summary>
    /// <param name="name">The variable name (not checked here; see <see cref="Services.ServiceDefinition.Validate"/>).</param>
    /// <param name="value">The value; the assignment is double-quoted when it is empty or has blanks, quotes or backslashes, and <c>%</c> is doubled (systemd.exec <c>Environment=</c>).</param>
    public static string EnvironmentAssignment(string name, string value)
    {
        var assignment = (name + "=" + value).Replace("%", "%%", StringComparison.Ordinal);
        var needsQuotes = value.Length == 0 || value.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\');
        return needsQuotes
            ? "\"" + assignment.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
            : assignment;
    }

    /// <summary>
    /// Splits a command-line value into words the way systemd does: quotes removed, C escapes decoded,
    /// <c>%%</c> and <c>$$</c> collapsed. Prefix characters such as <c>-</c> stay on the first word.
    /// </summary>
    /// <param name="value">A logical directive value (continuations already joined), e.g. what follows <c>ExecStart=</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="UnitsException">Unbalanced quotes.</exception>
    public static IReadOnlyList<string> Split(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var words = new List<string>();
        var sb = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord) { words.Add(sb.ToString()); sb.Clear(); inWord = false; }
                continue;
            }
            inWord = true;
            if (c is '"' or '\'')
            {
                var quote = c;
                i++;
                for (; i < value.Length && value[i] != quote; i++)
                {
                    if (value[i] == '\\' && i + 1 < value.Length) { sb.Append(Unescape(value[++i])); continue; }
                    AppendLiteral(value, ref i, sb);
                }
                if (i >= value.Length) throw new UnitsException("UnitDirective.Value", $"unbalanced {quote} quote in '{value}'.");
                continue;
            }
            if (c == '\\' && i + 1 < value.Length) { sb.Append(Unescape(value[++i])); continue; }
            AppendLiteral(value, ref i, sb);
        }
        if (inWord) words.Add(sb.ToString());
        return words;
    }

    /// <summary>Parses a command-line value (as written after <c>ExecStart=</c>) into an <see cref="Services.ExecCommand"/>.</summary>
    /// <param name="value">The command line; systemd's prefixes (<c>-</c>, <c>@</c>, <c>:</c>, <c>+</c>, <c>!</c>) are stripped, and <c>-</c> sets <see cref="Services.ExecCommand.IgnoreFailure"/>.</param>
    /// <exception cref="UnitsException">The value is empty or has unbalanced quotes.</exception>
    public static Services.ExecCommand ParseCommand(string value)
    {
        var words = Split(value);
        if (words.Count == 0) throw new UnitsException("UnitDirective.Value", "empty command line.");
        var path = words[0];
        var ignore = false;
        while (path.Length > 0 && path[0] is '-' or '@' or ':' or '+' or '!')
        {
            ignore |= path[0] == '-';
            path = path[1..];
        }
        return new Services.ExecCommand(path, words.Skip(1).ToList()) { IgnoreFailure = ignore };
    }

    /// <summary>Splits a raw value into raw words (quotes and escapes kept), used to wrap long command lines.</summary>
    internal static List<string> RawWords(string value)
    {
        var words = new List<string>();
        var start = -1;
        char quote = '\0';
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (quote != '\0')
            {
                if (c == '\\') i++;
                else if (c == quote) quote = '\0';
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                if (start >= 0) { words.Add(value[start..i]); start = -1; }
                continue;
            }
            if (start < 0) start = i;
            if (c is '"' or '\'') quote = c;
            else if (c == '\\') i++;
        }
        if (start >= 0) words.Add(value[start..]);
        return words;
    }

    private static void AppendLiteral(string value, ref int i, StringBuilder sb)
    {
        var c = value[i];
        if ((c == '%' || c == '$') && i + 1 < value.Length && value[i + 1] == c) i++;
        sb.Append(c);
    }

    private static char Unescape(char c) => c switch
    {
        'n' => '\n',
        't' => '\t',
        'r' => '\r',
        'a' => '\a',
        'b' => '\b',
        'f' => '\f',
        'v' => '\v',
        's' => ' ',
        _ => c,
    };
}
