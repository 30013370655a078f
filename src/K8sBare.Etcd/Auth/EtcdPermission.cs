using System.Text;

namespace K8sBare.Etcd;

/// <summary>
/// A role's permission on a key range, as etcd stores it: <see cref="Key"/> alone for one key, or the half-open range
/// [<see cref="Key"/>, <see cref="RangeEnd"/>). The whole key space is <c>["\0", "\0")</c>, which is what
/// <c>etcdctl role grant-permission --prefix=true ROLE readwrite ''</c> stores.
/// </summary>
public sealed record EtcdPermission
{
    /// <summary>The first key (UTF-8).</summary>
    public required string Key { get; init; }

    /// <summary>The end of the range (exclusive); null for the single key <see cref="Key"/>.</summary>
    public string? RangeEnd { get; init; }

    /// <summary>The access granted.</summary>
    public required EtcdPermissionType Type { get; init; }

    /// <summary>Every key starting with <paramref name="prefix"/>.</summary>
    /// <param name="prefix">An ASCII key prefix such as <c>/coreos.com/network/</c>.</param>
    /// <param name="type">The access.</param>
    /// <exception cref="ArgumentException">The prefix is empty or not ASCII.</exception>
    public static EtcdPermission Prefix(string prefix, EtcdPermissionType type)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        if (!Ascii.IsValid(prefix))
            throw new ArgumentException($"The permission prefix '{prefix}' must be ASCII (its range end is the prefix with the last byte plus one).", nameof(prefix));
        return new EtcdPermission { Key = prefix, RangeEnd = EtcdKeys.PrefixRangeEnd(prefix).ToStringUtf8(), Type = type };
    }

    /// <summary>Every key.</summary>
    /// <param name="type">The access.</param>
    public static EtcdPermission AllKeys(EtcdPermissionType type) => new() { Key = "\0", RangeEnd = "\0", Type = type };

    /// <summary>A readable form: <c>readwrite [/coreos.com/network/, /coreos.com/network0)</c>.</summary>
    public override string ToString()
    {
        var access = Type.ToString().ToLowerInvariant();
        if (Key == "\0" && RangeEnd == "\0") return $"{access} on every key";
        return RangeEnd is null ? $"{access} on {Key}" : $"{access} on [{Key}, {RangeEnd})";
    }
}
