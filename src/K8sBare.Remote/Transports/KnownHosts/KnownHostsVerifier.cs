using System.Buffers.Binary;
using System.Text;

namespace K8sBare.Remote.Transports;

/// <summary>What the known_hosts files say about the key a host presented.</summary>
internal enum KnownHostsVerdict
{
    /// <summary>The key is recorded for this host.</summary>
    Known,

    /// <summary>Nothing is recorded for this host.</summary>
    Unknown,

    /// <summary>Other keys are recorded for this host, not this one.</summary>
    Changed,

    /// <summary>The key is listed under <c>@revoked</c>.</summary>
    Revoked,
}

/// <summary>Checks a presented host key against known_hosts files the way OpenSSH's <c>StrictHostKeyChecking</c> does.</summary>
internal static class KnownHostsVerifier
{
    /// <summary>The verdict for the key blob a host presented at <paramref name="host"/>:<paramref name="port"/>.</summary>
    public static KnownHostsVerdict Verify(IEnumerable<KnownHostsFile> files, string host, int port, byte[] keyBlob)
    {
        var target = KnownHostsFile.HostPattern(host, port);
        var entries = files.SelectMany(f => f.Entries()).Where(e => e.Matches(target)).ToList();
        if (entries.Any(e => e.Marker == "@revoked" && e.KeyBlob is { } b && b.AsSpan().SequenceEqual(keyBlob))) return KnownHostsVerdict.Revoked;
        var plain = entries.Where(e => e.Marker is null).ToList();
        if (plain.Any(e => e.KeyBlob is { } b && b.AsSpan().SequenceEqual(keyBlob))) return KnownHostsVerdict.Known;
        return plain.Count == 0 ? KnownHostsVerdict.Unknown : KnownHostsVerdict.Changed;
    }

    /// <summary>The key types (<c>ssh-ed25519</c>, <c>ssh-rsa</c>, <c>ecdsa-sha2-nistp256</c>…) recorded for a host.</summary>
    public static IReadOnlySet<string> KnownKeyTypes(IEnumerable<KnownHostsFile> files, string host, int port)
    {
        var target = KnownHostsFile.HostPattern(host, port);
        return files.SelectMany(f => f.Entries()).Where(e => e.Marker is null && e.Matches(target)).Select(e => e.KeyType).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The key type named at the start of an SSH public key blob (RFC 4253 §6.6: a length-prefixed string).</summary>
    public static string? KeyTypeOf(byte[] blob)
    {
        if (blob.Length < 4) return null;
        var n = BinaryPrimitives.ReadUInt32BigEndian(blob);
        return n > 0 && n <= blob.Length - 4 ? Encoding.ASCII.GetString(blob, 4, (int)n) : null;
    }

    /// <summary>The <c>type base64</c> public key line of a blob.</summary>
    public static string PublicKeyLine(byte[] blob) => (KeyTypeOf(blob) ?? "unknown") + " " + Convert.ToBase64String(blob);
}
