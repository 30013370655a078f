using System.Globalization;

namespace K8sBare.Etcd;

/// <summary>Member IDs: decimal in the JSON gateway, lowercase hex without padding in etcdctl.</summary>
public static class EtcdMemberId
{
    /// <summary>Formats an ID as etcdctl prints it, for example <c>8e9e05c52164694d</c>.</summary>
    public static string Format(ulong id) => id.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>Parses etcdctl's hex form (an optional 0x prefix is accepted).</summary>
    public static ulong Parse(string hex)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hex);
        var s = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
        return ulong.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new FormatException($"'{hex}' is not an etcd member ID; etcdctl prints IDs as hex, for example 8e9e05c52164694d.");
    }

    /// <summary>Parses the hex form; false when the text is not hex.</summary>
    public static bool TryParse(string? hex, out ulong id)
    {
        id = 0;
        if (string.IsNullOrWhiteSpace(hex)) return false;
        var s = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
        return ulong.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out id);
    }
}
