namespace K8sBare.Etcd.Tests.Unit;

public sealed class EtcdMemberIdTests
{
    [Theory]
    [InlineData(15605283837629904139UL, "d8911af85113350b")]
    [InlineData(10276657743932975437UL, "8e9e05c52164694d")] // etcd's documented default single-member ID
    [InlineData(0x1UL, "1")]
    public void Ids_print_as_etcdctl_lowercase_hex_without_padding(ulong id, string hex)
    {
        Assert.Equal(hex, new EtcdMemberId(id).ToString());
        Assert.Equal(new EtcdMemberId(id), EtcdMemberId.Parse(hex));
        Assert.Equal(id, EtcdMemberId.Parse("0x" + hex.ToUpperInvariant()).Value);
    }

    [Fact]
    public void Non_hex_is_rejected_with_the_expected_form()
    {
        var ex = Assert.Throws<FormatException>(() => EtcdMemberId.Parse("m1"));
        Assert.Contains("hex", ex.Message);
        Assert.False(EtcdMemberId.TryParse("zz", out _));
    }

    [Fact]
    public void Member_prints_like_an_etcdctl_table_line()
    {
        var m = new EtcdMember
        {
            Id = new EtcdMemberId(0x8e9e05c52164694d), Name = "infra0",
            PeerUrls = [new Uri("https://10.0.1.10:2380")], ClientUrls = [new Uri("https://10.0.1.10:2379")],
        };
        Assert.Equal("8e9e05c52164694d, started, infra0, https://10.0.1.10:2380, https://10.0.1.10:2379, false", m.ToString());
        Assert.Equal("8e9e05c52164694d, unstarted, , https://10.0.1.10:2380, , true",
            (m with { Name = "", ClientUrls = [], IsLearner = true }).ToString());
    }
}
