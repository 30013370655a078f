using System.Diagnostics;
using K8sBare.Cluster.Apply;

namespace K8sBare.Cluster.Tests.Planning;

/// <summary>Who holds the API virtual IP, read from iproute2's one-line output (the rolling restart's hand-off decision).</summary>
public sealed class VirtualIpHolderTests
{
    [Fact]
    public void A_secondary_address_is_held_and_a_prefix_of_it_as_text_is_not()
    {
        // keepalived adds the VIP as a secondary address (its /prefix from the spec) beside the host's own.
        const string eth0 = "2: eth0    inet 10.0.1.10/24 brd 10.0.1.255 scope global eth0\\       valid_lft forever preferred_lft forever\n" +
                            "2: eth0    inet 10.0.1.100/24 scope global secondary eth0\\       valid_lft forever preferred_lft forever\n" +
                            "2: eth0    inet6 fd00::100/64 scope global \\       valid_lft forever preferred_lft forever\n";
        Assert.True(VirtualIpHolder.Holds(eth0, "10.0.1.100"));
        Assert.True(VirtualIpHolder.Holds(eth0, "10.0.1.10"));
        Assert.True(VirtualIpHolder.Holds(eth0, "fd00:0::100"));
        Assert.False(VirtualIpHolder.Holds(eth0, "10.0.1.1"));
        Assert.False(VirtualIpHolder.Holds(eth0.Replace("10.0.1.100/24", "10.0.1.101/24", StringComparison.Ordinal), "10.0.1.100"));
        Assert.False(VirtualIpHolder.Holds("", "10.0.1.100"));
        Assert.False(VirtualIpHolder.Holds(eth0, "not-an-address"));
    }

    [Fact]
    public void The_real_ip_tool_output_of_the_loopback_holds_its_address()
    {
        var psi = new ProcessStartInfo("ip", "-o addr show dev lo") { RedirectStandardOutput = true };
        string output;
        using (var p = Process.Start(psi)!)
        {
            output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.Equal(0, p.ExitCode);
        }

        Assert.True(VirtualIpHolder.Holds(output, "127.0.0.1"), output);
        Assert.False(VirtualIpHolder.Holds(output, "127.0.0.10"), output);
    }
}
