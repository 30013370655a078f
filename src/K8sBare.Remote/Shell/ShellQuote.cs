using System.Text;

namespace K8sBare.Remote.Shell;

/// <summary>POSIX shell quoting.</summary>
public static class ShellQuote
{
    /// <summary>Quotes a string for a POSIX shell with single quotes (safe for any content without NUL).</summary>
    /// <param name="value">The string to quote.</param>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && value.All(IsSafe)) return value;
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('\'');
        foreach (var c in value)
        {
            if (c == '\'') sb.Append("'\\''");
            else sb.Append(c);
        }
        sb.Append('\'');
        return sb.ToString();
    }

    private static bool IsSafe(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '/' or '.' or '_' or '-' or ':' or '=' or '@' or '+' or ',';
}
