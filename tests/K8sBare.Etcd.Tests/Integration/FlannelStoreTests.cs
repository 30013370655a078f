using K8sBare.Etcd.Tests.Support;
using K8sBare.Testing;

namespace K8sBare.Etcd.Tests.Integration;

/// <summary>flannel's config and subnet leases in a real etcd.</summary>
public sealed class FlannelStoreTests(SingleMemberFixture fx) : IClassFixture<SingleMemberFixture>
{
    [RequiresTheory("etcd", "etcdctl")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task Config_is_written_where_flannel_reads_it_and_reads_back(string version)
    {
        var (cluster, client) = await fx.For(version);
        var store = new FlannelEtcdStore(client);
        Assert.Null(await store.GetConfigAsync());
        var config = new FlannelNetworkConfig { Network = "10.200.0.0/16", SubnetLen = 24, Backend = FlannelBackend.Vxlan };
        await store.PutConfigAsync(config);

        var ctl = (await cluster.EtcdctlAsync("get", "/coreos.com/network/config", "--print-value-only")).EnsureSuccess("etcdctl get");
        Assert.Equal("{\"Network\":\"10.200.0.0/16\",\"SubnetLen\":24,\"Backend\":{\"Type\":\"vxlan\"}}", ctl.StdOut.Trim());
        Assert.Equal(config, await store.GetConfigAsync());
    }

    [RequiresTheory("etcd")]
    [MemberData(nameof(EtcdServers.Versions), MemberType = typeof(EtcdServers))]
    public async Task Subnet_leases_are_listed_with_their_attributes(string version)
    {
        var (cluster, client) = await fx.For(version);
        var store = new FlannelEtcdStore(client, "/k8sbare/network/");
        Assert.Equal("/k8sbare/network/config", store.ConfigKey);
        var lease = await client.GrantLeaseAsync(TimeSpan.FromMinutes(5));
        // Exactly what flanneld writes (pkg/subnet/etcd/registry.go): key subnets/<ip>-<len>, LeaseAttrs JSON, a lease.
        await client.PutAsync("/k8sbare/network/subnets/10.200.3.0-24",
            "{\"PublicIP\":\"192.168.1.13\",\"PublicIPv6\":null,\"BackendType\":\"vxlan\",\"BackendData\":{\"VNI\":1,\"VtepMAC\":\"5a:1b:2c:3d:4e:5f\"}}", lease.Id);
        await client.PutAsync("/k8sbare/network/subnets/10.200.7.0-24&fd00:10:244:7::-64",
            "{\"PublicIP\":\"192.168.1.17\",\"BackendType\":\"vxlan\"}", lease.Id);
        var leases = await store.ListSubnetLeasesAsync();
        Assert.Equal(2, leases.Count);
        Assert.Equal("10.200.3.0/24", leases[0].Subnet);
        Assert.Equal("192.168.1.13", leases[0].PublicIP);
        Assert.Equal("vxlan", leases[0].BackendType);
        Assert.Equal("{\"VNI\":1,\"VtepMAC\":\"5a:1b:2c:3d:4e:5f\"}", leases[0].BackendData);
        Assert.Equal(lease.Id, leases[0].LeaseId);
        Assert.Equal("10.200.7.0/24", leases[1].Subnet);
        Assert.Equal("fd00:10:244:7::/64", leases[1].IPv6Subnet);
        Assert.Null(leases[1].BackendData);
        await client.RevokeLeaseAsync(lease.Id);
        Assert.Empty(await store.ListSubnetLeasesAsync());
    }
}
