using System.Text;
using Google.Protobuf;

namespace K8sBare.Etcd;

/// <summary>Keys as etcd's API carries them (bytes) and the range end that selects a prefix.</summary>
internal static class EtcdKeys
{
    public static ByteString Encode(string key) => ByteString.CopyFromUtf8(key);

    public static string Decode(ByteString bytes) => bytes.ToStringUtf8();

    /// <summary>The range end that selects every key starting with the prefix (etcd's GetPrefixRangeEnd: last byte below 0xff, plus one).</summary>
    public static ByteString PrefixRangeEnd(string prefix)
    {
        var b = Encoding.UTF8.GetBytes(prefix);
        for (var i = b.Length - 1; i >= 0; i--)
        {
            if (b[i] < 0xff)
            {
                b[i]++;
                return ByteString.CopyFrom(b, 0, i + 1);
            }
        }
        return ByteString.CopyFrom(0); // no upper bound: every key >= prefix
    }
}
