namespace K8sBare.Etcd.Tests.Unit;

public sealed class FlannelNetworkConfigTests
{
    [Fact]
    public void Json_matches_the_documented_etcdctl_put_byte_for_byte() =>
        Assert.Equal("{\"Network\":\"10.200.0.0/16\",\"SubnetLen\":24,\"Backend\":{\"Type\":\"vxlan\"}}",
            new FlannelNetworkConfig { Network = "10.200.0.0/16", SubnetLen = 24, Backend = FlannelBackend.Vxlan }.ToJson());

    [Fact]
    public void Backend_options_use_flannels_key_names() =>
        Assert.Equal("{\"Network\":\"10.244.0.0/16\",\"Backend\":{\"Type\":\"vxlan\",\"VNI\":4096,\"Port\":4789,\"DirectRouting\":true}}",
            new FlannelNetworkConfig { Network = "10.244.0.0/16", Backend = new FlannelBackend { Type = "vxlan", Vni = 4096, Port = 4789, DirectRouting = true } }.ToJson());

    [Fact]
    public void Parsing_is_case_insensitive_like_go()
    {
        var c = FlannelNetworkConfig.Parse("{\"network\":\"10.1.0.0/16\",\"backend\":{\"type\":\"host-gw\"}}");
        Assert.Equal("10.1.0.0/16", c.Network);
        Assert.Equal("host-gw", c.Backend.Type);
        Assert.Null(c.SubnetLen);
    }

    [Fact]
    public void Invalid_json_says_what_is_expected() =>
        Assert.Contains("Network", Assert.Throws<FormatException>(() => FlannelNetworkConfig.Parse("{not json")).Message);

    [Fact]
    public void Prefix_must_be_absolute()
    {
        using var client = new EtcdClient(new EtcdClientOptions { Endpoints = [new Uri("http://127.0.0.1:1")] });
        Assert.Throws<ArgumentException>(() => new FlannelEtcdStore(client, "coreos.com/network"));
        Assert.Equal("/coreos.com/network/config", new FlannelEtcdStore(client).ConfigKey);
        Assert.Equal("/x/subnets/", new FlannelEtcdStore(client, "/x/").SubnetsPrefix);
    }
}
