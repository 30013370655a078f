namespace K8sBare.Units.OpenRc;

/// <summary>POSIX sh quoting used by the OpenRC renderer and the health-check scripts.</summary>
public static class ShellQuoting
{
    /// <summary>Returns the word unchanged when it is safe, otherwise single-quoted (<c>'</c> written as <c>'\''</c>).</summary>
    /// <param name="word">One argv entry; kept as is only when non-empty and made of letters, digits and <c>-_./:=,@+%</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="word"/> is null.</exception>
    public static string Word(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length > 0 && word.All(IsSafe)) return word;
        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>Escapes text for use inside double quotes (<c>\</c>, <c>"</c>, <c>$</c>, <c>`</c>).</summary>
    /// <param name="text">The text to escape (POSIX sh double-quote rules; newlines are kept as is).</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static string InsideDoubleQuotes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("$", "\\$", StringComparison.Ordinal)
            .Replace("`", "\\`", StringComparison.Ordinal);
    }

    /// <summary>The text as one double-quoted sh string.</summary>
    /// <param name="text">The text (see <see cref="InsideDoubleQuotes"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static string DoubleQuoted(string text) => "\"" + InsideDoubleQuotes(text) + "\"";

    private static bool IsSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '=' or ',' or '@' or '+' or '%';
}
