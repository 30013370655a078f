using System.Net;
using System.Net.Sockets;
using System.Numerics;

namespace K8sBare.Cluster.Validation;

/// <summary>CIDR and address helpers shared by validation and rendering.</summary>
internal static class NetworkMath
{
    /// <summary>
    /// Parses "a.b.c.d/n" or "x::/n" strictly: no host bits set, the address written canonically (see
    /// <see cref="TryParseIp"/>) and the prefix length as plain digits.
    /// </summary>
    public static bool TryParseCidr(string? text, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || slash != text.LastIndexOf('/')) return false;
        var written = text[..slash];
        var prefix = text[(slash + 1)..];
        if (prefix.Length is 0 or > 3 || !prefix.All(char.IsAsciiDigit) || (prefix.Length > 1 && prefix[0] == '0')) return false;
        if (!TryParseIp(written, out var ip) || !IPNetwork.TryParse(text, out network)) return false;
        // Reject host bits ("10.200.1.0/16"): the base address must be exactly what was written.
        return ip.Equals(network.BaseAddress);
    }

    /// <summary>
    /// Parses a literal IPv4 or IPv6 address (no host names). IPv4 must be written canonically: four decimal
    /// parts without leading zeros. .NET reads "10.0.0.011" as 10.0.0.11 while Go's net.ParseIP (since Go 1.17)
    /// rejects it and older readers take it as octal, so only the canonical text is safe to pass to components.
    /// IPv6 zone ids ("%eth0") are refused (a zone means nothing on another host).
    /// </summary>
    public static bool TryParseIp(string? text, out IPAddress address)
    {
        address = IPAddress.None;
        if (!TryParseAnyIp(text, out var parsed) || !IsCanonical(text!, parsed)) return false;
        address = parsed;
        return true;
    }

    /// <summary>Parses like .NET does (leading zeros, short forms); pair with <see cref="IsCanonical"/>.</summary>
    public static bool TryParseAnyIp(string? text, out IPAddress address)
    {
        address = IPAddress.None;
        if (string.IsNullOrWhiteSpace(text) || text.Any(c => char.IsWhiteSpace(c) || c == '%' || c == '/')) return false;
        if (!IPAddress.TryParse(text, out var parsed)) return false;
        address = parsed;
        return true;
    }

    /// <summary>True when <paramref name="text"/> is how Go and .NET both write <paramref name="address"/> (IPv4), or any RFC 4291 form (IPv6).</summary>
    public static bool IsCanonical(string text, IPAddress address) =>
        address.AddressFamily != AddressFamily.InterNetwork || string.Equals(text, address.ToString(), StringComparison.Ordinal);

    /// <summary>Splits "host:port" / "[v6]:port".</summary>
    public static bool TrySplitHostPort(string text, out string host, out int port)
    {
        host = "";
        port = 0;
        var colon = text.LastIndexOf(':');
        if (colon <= 0) return false;
        host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        return int.TryParse(text[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) && port is > 0 and < 65536;
    }

    /// <summary>A Linux network interface name: 1–15 characters, no '/', ':', whitespace or NUL.</summary>
    public static bool IsInterfaceName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 15 && name != "." && name != ".."
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@');

    /// <summary>Orders two addresses of one family numerically.</summary>
    public static int Compare(IPAddress a, IPAddress b)
    {
        var x = new BigInteger(a.GetAddressBytes(), isUnsigned: true, isBigEndian: true);
        var y = new BigInteger(b.GetAddressBytes(), isUnsigned: true, isBigEndian: true);
        return x.CompareTo(y);
    }

    /// <summary>The address with every bit after <paramref name="prefixLength"/> cleared.</summary>
    public static IPAddress Mask(IPAddress address, int prefixLength)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefixLength - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }

    /// <summary>The last address of the network (the IPv4 broadcast address).</summary>
    public static IPAddress Last(IPNetwork network)
    {
        var bytes = network.BaseAddress.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(network.PrefixLength - (i * 8), 0, 8);
            bytes[i] |= (byte)~(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
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
