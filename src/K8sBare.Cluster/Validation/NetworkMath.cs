using System.Net;
using System.Net.Sockets;
using System.Numerics;

namespace K8sBare.Cluster.Validation;

/// <summary>CIDR and address helpers shared by validation and rendering.</summary>
internal static class NetworkMath
{
    /// <summary>Parses "a.b.c.d/n" strictly (no host bits set).</summary>
    public static bool TryParseCidr(string? text, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text) || !text.Contains('/')) return false;
        if (!IPNetwork.TryParse(text, out network)) return false;
        // Reject host bits ("10.200.1.0/16"): the base address must be exactly what was written.
        var written = text[..text.IndexOf('/')];
        return IPAddress.TryParse(written, out var ip) && ip.Equals(network.BaseAddress) && written.Count(c => c == '.') is 3 or 0;
    }

    /// <summary>Parses a literal IPv4 or IPv6 address (no host names).</summary>
    public static bool TryParseIp(string? text, out IPAddress address)
    {
        address = IPAddress.None;
        if (string.IsNullOrWhiteSpace(text)) return false;
        if (!IPAddress.TryParse(text, out var parsed)) return false;
        // IPAddress.TryParse accepts "10" or "1.2.3"; require the canonical dotted form for IPv4.
        if (parsed.AddressFamily == AddressFamily.InterNetwork && text.Count(c => c == '.') != 3) return false;
        address = parsed;
        return true;
    }

    public static bool Overlaps(IPNetwork a, IPNetwork b) =>
        a.BaseAddress.AddressFamily == b.BaseAddress.AddressFamily
        && (a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress));

    public static int AddressBits(IPNetwork n) => n.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;

    /// <summary>The address at <paramref name="offset"/> from the network's base (offset 1 = first usable).</summary>
    public static IPAddress Offset(IPNetwork network, long offset)
    {
        var bytes = network.BaseAddress.GetAddressBytes();
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true) + offset;
        var raw = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = new byte[bytes.Length];
        Array.Copy(raw, 0, result, result.Length - raw.Length, raw.Length);
        return new IPAddress(result);
    }

    /// <summary>True when the address is a hostname-like token (RFC 1123), not an IP.</summary>
    public static bool IsDnsName(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 253 || IPAddress.TryParse(text, out _)) return false;
        return text.TrimEnd('.').Split('.').All(IsDnsLabel);
    }

    /// <summary>RFC 1123 label: lowercase alphanumerics and '-', starting and ending alphanumeric, ≤ 63.</summary>
    public static bool IsDnsLabel(string? label)
    {
        if (string.IsNullOrEmpty(label) || label.Length > 63) return false;
        if (!char.IsAsciiLetterOrDigit(label[0]) || !char.IsAsciiLetterOrDigit(label[^1])) return false;
        return label.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c) || c == '-');
    }
}
