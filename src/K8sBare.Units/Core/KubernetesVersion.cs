using System.Globalization;

namespace K8sBare.Units;

/// <summary>
/// A Kubernetes minor version (patch releases never change flags). K8sBare renders for 1.20 to 1.34; what differs
/// between them is in <see cref="KubernetesVersionRules"/>. Versions below 1.30 are end of life upstream
/// (<see cref="IsMaintained"/>): supported for existing clusters.
/// </summary>
/// <param name="Major">Always 1 for supported versions.</param>
/// <param name="Minor">The minor version, e.g. 31.</param>
public sealed record KubernetesVersion(int Major, int Minor) : IComparable<KubernetesVersion>
{
    /// <summary>Kubernetes 1.20 (the oldest K8sBare renders for; Debian 12 ships its source).</summary>
    public static KubernetesVersion V1_20 { get; } = new(1, 20);
    /// <summary>Kubernetes 1.30.</summary>
    public static KubernetesVersion V1_30 { get; } = new(1, 30);
    /// <summary>Kubernetes 1.31.</summary>
    public static KubernetesVersion V1_31 { get; } = new(1, 31);
    /// <summary>Kubernetes 1.32.</summary>
    public static KubernetesVersion V1_32 { get; } = new(1, 32);
    /// <summary>Kubernetes 1.33.</summary>
    public static KubernetesVersion V1_33 { get; } = new(1, 33);
    /// <summary>Kubernetes 1.34.</summary>
    public static KubernetesVersion V1_34 { get; } = new(1, 34);

    /// <summary>The oldest supported minor version.</summary>
    public static KubernetesVersion MinSupported => V1_20;

    /// <summary>The newest supported minor version.</summary>
    public static KubernetesVersion MaxSupported => V1_34;

    /// <summary>The default used by options that are not given a version.</summary>
    public static KubernetesVersion Default => V1_32;

    /// <summary>True for 1.20 to 1.34.</summary>
    public bool IsSupported => CompareTo(MinSupported) >= 0 && CompareTo(MaxSupported) <= 0;

    /// <summary>True from 1.30 on (<see cref="KubernetesVersionRules.Maintained"/>); older versions are end of life upstream.</summary>
    public bool IsMaintained => KubernetesVersionRules.Maintained.AppliesTo(this);

    /// <summary>The message options use for a version outside <see cref="MinSupported"/>–<see cref="MaxSupported"/>.</summary>
    internal string UnsupportedMessage => $"Kubernetes {this} is not supported; use {MinSupported} to {MaxSupported}.";

    /// <summary>Parses <c>1.31</c>, <c>v1.31</c> or <c>v1.31.4</c> (the patch is ignored).</summary>
    /// <param name="text">The version text; surrounding spaces and a leading <c>v</c> are allowed, a pre-release/build suffix on the patch (<c>-rc.1</c>, <c>+meta</c>) is ignored. Not checked against <see cref="IsSupported"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="UnitsException">The text is not a version (the problem names <c>KubernetesVersion</c>).</exception>
    public static KubernetesVersion Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        if (t.StartsWith('v') || t.StartsWith('V')) t = t[1..];
        var parts = t.Split('.');
        if (parts.Length is < 2 or > 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            || (parts.Length == 3 && !int.TryParse(parts[2].Split('-', '+')[0], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            throw new UnitsException("KubernetesVersion", $"'{text}' is not a Kubernetes version; write it as 1.31 or v1.31.2.");
        return new KubernetesVersion(major, minor);
    }

    /// <summary>True when this version is at least <paramref name="other"/>.</summary>
    /// <param name="other">The version to compare with (major first, then minor).</param>
    public bool AtLeast(KubernetesVersion other) => CompareTo(other) >= 0;

    /// <inheritdoc />
    public int CompareTo(KubernetesVersion? other) =>
        other is null ? 1 : Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    /// <summary>Orders versions.</summary>
    /// <param name="left">The first version (not null).</param>
    /// <param name="right">The second version; null sorts first.</param>
    public static bool operator <(KubernetesVersion left, KubernetesVersion right) => left.CompareTo(right) < 0;
    /// <summary>Orders versions.</summary>
    /// <param name="left">The first version (not null).</param>
    /// <param name="right">The second version; null sorts first.</param>
    public static bool operator >(KubernetesVersion left, KubernetesVersion right) => left.CompareTo(right) > 0;
    /// <summary>Orders versions.</summary>
    /// <param name="left">The first version (not null).</param>
    /// <param name="right">The second version; null sorts first.</param>
    public static bool operator <=(KubernetesVersion left, KubernetesVersion right) => left.CompareTo(right) <= 0;
    /// <summary>Orders versions.</summary>
    /// <param name="left">The first version (not null).</param>
    /// <param name="right">The second version; null sorts first.</param>
    public static bool operator >=(KubernetesVersion left, KubernetesVersion right) => left.CompareTo(right) >= 0;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");
}
