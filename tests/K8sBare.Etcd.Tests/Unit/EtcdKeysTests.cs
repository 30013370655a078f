using System.Text;

namespace K8sBare.Etcd.Tests.Unit;

public sealed class EtcdKeysTests
{
    private static string Decode(string b64) => Encoding.Latin1.GetString(Convert.FromBase64String(b64));

    [Theory]
    [InlineData("foo", "fop")]
    [InlineData("/coreos.com/network/subnets/", "/coreos.com/network/subnets0")]
    [InlineData("a", "b")]
    public void Prefix_range_end_increments_the_last_byte(string prefix, string end) =>
        Assert.Equal(end, Decode(EtcdKeys.PrefixRangeEnd(prefix)));

    [Fact]
    public void Prefix_range_end_carries_over_0xff_bytes()
    {
        // "a\xff" is not valid UTF-8 text, so test through the documented rule on a UTF-8 key whose last byte is 0xbf.
        var end = Convert.FromBase64String(EtcdKeys.PrefixRangeEnd("é")); // C3 A9 -> C3 AA
        Assert.Equal(new byte[] { 0xc3, 0xaa }, end);
    }

    [Fact]
    public void Keys_are_base64_utf8_as_the_gateway_expects() =>
        Assert.Equal("Zm9v", EtcdKeys.Encode("foo"));
}
