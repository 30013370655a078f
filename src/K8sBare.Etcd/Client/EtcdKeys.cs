using System.Text;

namespace K8sBare.Etcd;

/// <summary>Key encoding for the gateway: base64 bytes and the prefix range end (last byte + 1).</summary>
internal static class EtcdKeys
{
    public static string Encode(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes(key));

    public static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes);

    public static byte[] Decode(string? base64) => string.IsNullOrEmpty(base64) ? [] : Convert.FromBase64String(base64);

    public static string DecodeText(string? base64) => Encoding.UTF8.GetString(Decode(base64));

    /// <summary>The range end that selects every key starting with the prefix (etcd's GetPrefixRangeEnd).</summary>
    public static string PrefixRangeEnd(string prefix)
    {
        var b = Encoding.UTF8.GetBytes(prefix);
        for (var i = b.Length - 1; i >= 0; i--)
        {
            if (b[i] < 0xff)
            {
                b[i]++;
                return Convert.ToBase64String(b.AsSpan(0, i + 1));
            }
        }
        return Convert.ToBase64String([0]); // no upper bound: every key >= prefix
    }
}
