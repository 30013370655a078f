using System.Globalization;

namespace K8sBare.Cluster.Validation;

/// <summary>A "v1.32.3" / "1.32" / "2.1.0-beta.0" version, compared by major, minor, patch.</summary>
internal readonly record struct VersionNumber(int Major, int Minor, int Patch) : IComparable<VersionNumber>
{
    /// <summary>
    /// Semantic-version syntax only: <c>[v]MAJOR.MINOR[.PATCH][-PRERELEASE][+BUILD]</c>, identifiers of ASCII
    /// letters, digits and '-'; no spaces, no leading zeros, nothing else (what every component's own parser takes).
    /// </summary>
    public static bool TryParse(string? text, out VersionNumber version)
    {
        version = default;
        if (string.IsNullOrEmpty(text) || text.Length > 128) return false;
        var m = Syntax.Match(text);
        if (!m.Success) return false;
        if (!int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var minor)) return false;
        var patch = 0;
        if (m.Groups[3].Success && !int.TryParse(m.Groups[3].Value, NumberStyles.None, CultureInfo.InvariantCulture, out patch)) return false;
        version = new VersionNumber(major, minor, patch);
        return true;
    }

    /// <summary>
    /// The first <c>[v]MAJOR.MINOR.PATCH</c> inside free text — a tool's <c>--version</c> output
    /// (<c>containerd github.com/containerd/containerd 1.6.20~ds1 …</c>) or what a Node reports
    /// (<c>containerd://1.7.24~ds1</c>, <c>v1.20.2</c>); null when there is none.
    /// </summary>
    public static VersionNumber? Find(string? text)
    {
        var m = InText.Match(text ?? "");
        return m.Success
            ? new VersionNumber(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture))
            : null;
    }

    private static readonly System.Text.RegularExpressions.Regex InText = new(@"\bv?(\d{1,9})\.(\d{1,9})\.(\d{1,9})", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static readonly System.Text.RegularExpressions.Regex Syntax = new(
        @"^v?(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})(?:\.(0|[1-9][0-9]{0,8}))?(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    public int CompareTo(VersionNumber other) =>
        Major != other.Major ? Major.CompareTo(other.Major)
        : Minor != other.Minor ? Minor.CompareTo(other.Minor)
        : Patch.CompareTo(other.Patch);

    public static bool operator <(VersionNumber a, VersionNumber b) => a.CompareTo(b) < 0;
    public static bool operator >(VersionNumber a, VersionNumber b) => a.CompareTo(b) > 0;
    public static bool operator <=(VersionNumber a, VersionNumber b) => a.CompareTo(b) <= 0;
    public static bool operator >=(VersionNumber a, VersionNumber b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Major}.{Minor}.{Patch}";
}
