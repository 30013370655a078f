using System.Globalization;

namespace K8sBare.Remote.Files;

/// <summary>Helpers for Unix permission bits written as octal text (<c>"0644"</c>).</summary>
public static class FileModes
{
    /// <summary>0644: owner read/write, everybody read.</summary>
    public static UnixFileMode Default { get; } = Parse("0644");

    /// <summary>0600: owner read/write only (private keys, kubeconfigs with client keys).</summary>
    public static UnixFileMode Private { get; } = Parse("0600");

    /// <summary>0755: executable and readable by everybody (scripts, OpenRC init scripts).</summary>
    public static UnixFileMode Executable { get; } = Parse("0755");

    /// <summary>Parses octal text such as <c>"644"</c> or <c>"0600"</c>.</summary>
    /// <param name="octal">Three or four octal digits, as <c>chmod</c> takes them (<c>644</c>, <c>0600</c>, <c>1777</c>).</param>
    /// <exception cref="FormatException">The text is not an octal mode up to 07777.</exception>
    public static UnixFileMode Parse(string octal)
    {
        ArgumentNullException.ThrowIfNull(octal);
        var t = octal.Trim();
        if (t.Length is 0 or > 5 || t.Any(c => c is < '0' or > '7'))
            throw new FormatException($"'{octal}' is not an octal file mode; write it like \"0644\".");
        var v = Convert.ToInt32(t, 8);
        if (v > 0xFFF) throw new FormatException($"'{octal}' is larger than 07777.");
        return (UnixFileMode)v;
    }

    /// <summary>Formats permission bits as four octal digits, e.g. <c>0644</c>.</summary>
    /// <param name="mode">The permission bits (including setuid, setgid and sticky).</param>
    public static string Format(UnixFileMode mode) =>
        Convert.ToString((int)mode & 0xFFF, 8).PadLeft(4, '0');

    internal static string FormatShort(UnixFileMode mode) => Convert.ToString((int)mode & 0xFFF, 8);

    internal static UnixFileMode ParseReported(string octal) =>
        (UnixFileMode)(Convert.ToInt32(octal.Trim(), 8) & 0xFFF);

    internal static string Invariant(long v) => v.ToString(CultureInfo.InvariantCulture);
}
