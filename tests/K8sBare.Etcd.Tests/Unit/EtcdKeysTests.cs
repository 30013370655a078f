namespace K8sBare.Etcd.Tests.Unit;

public sealed class EtcdKeysTests
{
    [Theory]
    [InlineData("foo", "fop")]
    [InlineData("/coreos.com/network/subnets/", "/coreos.com/network/subnets0")]
    [InlineData("a", "b")]
    public void Prefix_range_end_increments_the_last_byte(string prefix, string end) =>
        Assert.Equal(end, EtcdKeys.PrefixRangeEnd(prefix).ToStringUtf8());

    [Fact]
    public void Prefix_range_end_carries_over_0xff_bytes()
    {
        // "a\xff" is not valid UTF-8 text, so test through the documented rule on a UTF-8 key whose last byte is 0xbf.
        var end = EtcdKeys.PrefixRangeEnd("é").ToByteArray(); // C3 A9 -> C3 AA
        Assert.Equal(new byte[] { 0xc3, 0xaa }, end);
    }

    [Fact]
    public void Keys_are_utf8_bytes() =>
        Assert.Equal(new byte[] { 0x2f, 0xc3, 0xa9 }, EtcdKeys.Encode("/é").ToByteArray());

    [Fact]
    public void Permissions_on_a_prefix_use_the_same_range_end_and_all_keys_is_nul_to_nul()
    {
        var p = EtcdPermission.Prefix("/coreos.com/network/", EtcdPermissionType.ReadWrite);
        Assert.Equal(("/coreos.com/network/", "/coreos.com/network0"), (p.Key, p.RangeEnd));
        var all = EtcdPermission.AllKeys(EtcdPermissionType.Read);
        Assert.Equal(("\0", "\0"), (all.Key, all.RangeEnd));
        Assert.Throws<ArgumentException>(() => EtcdPermission.Prefix("/é/", EtcdPermissionType.Read));
    }
}
