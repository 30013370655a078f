using System.Globalization;

namespace K8sBare.Cluster.Validation;

/// <summary>A "v1.32.3" / "1.32" / "2.1.0-beta.0" version, compared by major, minor, patch.</summary>
internal readonly record struct VersionNumber(int Major, int Minor, int Patch) : IComparable<VersionNumber>
{
    public static bool TryParse(string? text, out VersionNumber version)
    {
        version = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.Trim();
        if (t.StartsWith('v')) t = t[1..];
        var dash = t.IndexOfAny(['-', '+']);
        if (dash >= 0) t = t[..dash];
        var parts = t.Split('.');
        if (parts.Length is < 2 or > 3) return false;
        var nums = new int[3];
        for (var i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out nums[i])) return false;
        version = new VersionNumber(nums[0], nums[1], nums[2]);
        return true;
    }

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
