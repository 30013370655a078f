using K8sBare.Remote.Facts;

namespace K8sBare.Remote.Tests;

public sealed class FactsParserTests
{
    private const string Sample = """
        @@os
        PRETTY_NAME="Alpine Linux v3.20"
        NAME="Alpine Linux"
        ID=alpine
        VERSION_ID=3.20.3
        @@init
        openrc
        @@arch
        aarch64
        @@kernel
        6.1.0-26-arm64
        @@hostname
        node-2
        @@ip
        1: lo    inet 127.0.0.1/8 scope host lo\       valid_lft forever preferred_lft forever
        2: eth0    inet 10.251.3.12/24 brd 10.251.3.255 scope global eth0\       valid_lft forever preferred_lft forever
        2: eth0    inet6 fd00::12/64 scope global \       valid_lft forever preferred_lft forever
        2: eth0    inet6 fe80::1/64 scope link \       valid_lft forever preferred_lft forever
        @@swaps
        Filename				Type		Size		Used		Priority
        /swapfile                               file		1048572		0		-2
        @@ipforward
        1
        @@cgroup
        2
        @@disk
        /dev/root         41152736  12345678  26707304      32% /
        @@mem
        MemTotal:        2048000 kB
        MemAvailable:    1024000 kB
        @@resolved
        inactive
        @@tcp
          sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 100 0 0 10 0
           1: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0000000000000000 100 0 0 10 0
           2: 0C03FB0A:0016 0103FB0A:C350 01 00000000:00000000 02:000A2E3C 00000000     0        0 3 4 0000000000000000 20 4 29 10 -1
          sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 00000000000000000000000000000000:192B 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4 1 0000000000000000 100 0 0 10 0
        @@uid
        0
        @@end
        """;

    [Fact]
    public void Parses_every_section()
    {
        var f = FactsParser.Parse("n2", Sample);
        Assert.Equal("n2", f.Host);
        Assert.Equal("alpine", f.OsId);
        Assert.Equal("3.20.3", f.OsVersionId);
        Assert.Equal("Alpine Linux v3.20", f.OsPrettyName);
        Assert.Equal(InitSystem.OpenRc, f.InitSystem);
        Assert.Equal("aarch64", f.Architecture);
        Assert.Equal("6.1.0-26-arm64", f.Kernel);
        Assert.Equal("node-2", f.Hostname);
        Assert.Equal(["10.251.3.12", "fd00::12"], f.IpAddresses);
        Assert.True(f.SwapEnabled);
        Assert.Equal(1048572L * 1024, f.SwapTotalBytes);
        Assert.True(f.IpForward);
        Assert.Equal(2, f.CgroupVersion);
        Assert.Equal(26707304L * 1024, f.DiskFreeBytes);
        Assert.Equal(2048000L * 1024, f.MemoryTotalBytes);
        Assert.Equal(1024000L * 1024, f.MemoryAvailableBytes);
        Assert.False(f.SystemdResolvedActive);
        Assert.Equal([22, 3306, 6443], f.ListeningTcpPorts); // 0x16, 0xCEA, 0x192B; the ESTABLISHED row is not listening
        Assert.Equal(0, f.EffectiveUid);
    }

    [Fact]
    public void Missing_sections_give_unknowns_not_errors()
    {
        var f = FactsParser.Parse("x", "@@init\nsomething-else\n@@swaps\nFilename Type Size Used Priority\n");
        Assert.Equal(InitSystem.Unknown, f.InitSystem);
        Assert.False(f.SwapEnabled);
        Assert.Null(f.IpForward);
        Assert.Empty(f.ListeningTcpPorts);
        Assert.Equal(-1, f.EffectiveUid);
    }
}
