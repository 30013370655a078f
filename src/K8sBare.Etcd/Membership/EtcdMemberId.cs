using System.Globalization;

namespace K8sBare.Etcd;

/// <summary>
/// An etcd member ID: a 64-bit number that etcdctl prints as lowercase hex without padding
/// (<c>8e9e05c52164694d</c>) and etcd's API carries as <c>uint64</c> (<c>Member.ID</c> in etcd's <c>rpc.proto</c>).
/// </summary>
/// <param name="Value">The raw 64-bit ID.</param>
public readonly record struct EtcdMemberId(ulong Value) : IComparable<EtcdMemberId>
{
    /// <summary>No member (etcd uses 0 for "no leader").</summary>
    public static EtcdMemberId None => default;

    /// <summary>True for the zero ID (no member, for example no leader).</summary>
    public bool IsNone => Value == 0;

    /// <summary>Orders by the numeric value (etcdctl's member list order is etcd's, not this).</summary>
    /// <param name="other">The ID to compare with.</param>
    public int CompareTo(EtcdMemberId other) => Value.CompareTo(other.Value);

    /// <summary>The ID as etcdctl prints it, for example <c>8e9e05c52164694d</c>.</summary>
    public override string ToString() => Value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>Parses etcdctl's hex form (an optional <c>0x</c> prefix is accepted).</summary>
    /// <param name="hex">The ID as etcdctl prints it.</param>
    /// <exception cref="FormatException">The text is not a hex number.</exception>
    public static EtcdMemberId Parse(string hex)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hex);
        return TryParse(hex, out var id)
            ? id
            : throw new FormatException($"'{hex}' is not an etcd member ID; etcdctl prints IDs as hex, for example 8e9e05c52164694d.");
    }

    /// <summary>Parses etcdctl's hex form; false when the text is not hex.</summary>
    /// <param name="hex">The ID as etcdctl prints it (an optional <c>0x</c> prefix is accepted).</param>
    /// <param name="id">The parsed ID, or <see cref="None"/>.</param>
    public static bool TryParse(string? hex, out EtcdMemberId id)
    {
        id = None;
        if (string.IsNullOrWhiteSpace(hex)) return false;
        var s = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
        if (!ulong.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v)) return false;
        id = new EtcdMemberId(v);
        return true;
    }
}
