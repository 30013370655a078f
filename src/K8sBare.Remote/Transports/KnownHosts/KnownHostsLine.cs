using System.Security.Cryptography;
using System.Text;

namespace K8sBare.Remote.Transports;

/// <summary>
/// One line of a known_hosts file: <c>[@marker] hosts keytype base64 [comment]</c>. Host matching follows OpenSSH's
/// <c>match_hostname</c>/<c>match_pattern_list</c>: comma-separated patterns with <c>*</c> and <c>?</c>, a matching
/// <c>!pattern</c> excludes the line, names compare case-insensitively, and a hashed field <c>|1|salt|hash</c> matches
/// when HMAC-SHA1(salt, name) equals hash.
/// </summary>
internal sealed record KnownHostsLine(string? Marker, string HostsField, string KeyType, string KeyBase64)
{
    /// <summary>The decoded key blob; null when the base64 is malformed.</summary>
    public byte[]? KeyBlob { get; } = TryBase64(KeyBase64);

    /// <summary>Parses a line; null for blank lines, comments and malformed lines (ssh skips those too).</summary>
    public static KnownHostsLine? Parse(string line)
    {
        var t = line.Trim();
        if (t.Length == 0 || t[0] == '#') return null;
        var parts = t.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        string? marker = null;
        var i = 0;
        if (parts.Length > 0 && parts[0].StartsWith('@'))
        {
            marker = parts[0];
            i = 1;
        }
        if (parts.Length < i + 3) return null;
        return new KnownHostsLine(marker, parts[i], parts[i + 1], parts[i + 2]);
    }

    /// <summary>True when this line names <paramref name="target"/> (<c>host</c> or <c>[host]:port</c>).</summary>
    public bool Matches(string target)
    {
        if (HostsField.StartsWith("|1|", StringComparison.Ordinal)) return MatchesHashed(target);
        var matched = false;
        foreach (var raw in HostsField.Split(','))
        {
            if (raw.Length == 0) continue;
            var negated = raw[0] == '!';
            var pattern = negated ? raw[1..] : raw;
            if (!Wildcard(target.ToLowerInvariant(), pattern.ToLowerInvariant())) continue;
            if (negated) return false;
            matched = true;
        }
        return matched;
    }

    private bool MatchesHashed(string target)
    {
        var f = HostsField.Split('|');
        if (f.Length != 4 || TryBase64(f[2]) is not { } salt || TryBase64(f[3]) is not { } hash) return false;
        var mac = HMACSHA1.HashData(salt, Encoding.UTF8.GetBytes(target));
        return CryptographicOperations.FixedTimeEquals(mac, hash);
    }

    /// <summary>OpenSSH's <c>match_pattern</c>: <c>*</c> any run, <c>?</c> one character, everything else literal.</summary>
    internal static bool Wildcard(string s, string p)
    {
        int si = 0, pi = 0, star = -1, mark = 0;
        while (si < s.Length)
        {
            if (pi < p.Length && (p[pi] == '?' || p[pi] == s[si])) { si++; pi++; }
            else if (pi < p.Length && p[pi] == '*') { star = pi++; mark = si; }
            else if (star >= 0) { pi = star + 1; si = ++mark; }
            else return false;
        }
        while (pi < p.Length && p[pi] == '*') pi++;
        return pi == p.Length;
    }

    private static byte[]? TryBase64(string s)
    {
        try { return Convert.FromBase64String(s); }
        catch (FormatException) { return null; }
    }
}
