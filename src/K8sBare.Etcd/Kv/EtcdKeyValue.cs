using System.Text;

namespace K8sBare.Etcd;

/// <summary>A key and its value as stored in etcd, with its revisions.</summary>
public sealed record EtcdKeyValue
{
    /// <summary>The key (UTF-8).</summary>
    public required string Key { get; init; }

    /// <summary>The raw value bytes.</summary>
    public ReadOnlyMemory<byte> ValueBytes { get; init; }

    /// <summary>The value decoded as UTF-8.</summary>
    public string Value => Encoding.UTF8.GetString(ValueBytes.Span);

    /// <summary>The revision that created the key.</summary>
    public long CreateRevision { get; init; }

    /// <summary>The revision of the last modification.</summary>
    public long ModRevision { get; init; }

    /// <summary>Number of modifications since creation.</summary>
    public long Version { get; init; }

    /// <summary>The lease the key is attached to (0: none).</summary>
    public long Lease { get; init; }
}
