using K8sBare.Units.Components;

namespace K8sBare.Units.Tests.Components;

/// <summary>keepalived's VRRP state: by default a node that comes back never takes the virtual IP back.</summary>
public sealed class KeepalivedTests
{
    private static KeepalivedOptions Node(bool primary, bool preempt = false) =>
        new() { VirtualIp = "10.0.0.10/24", Interface = "eth0", Primary = primary, Priority = primary ? 150 : 140, Preempt = preempt };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void By_default_every_node_starts_as_backup_without_preemption(bool primary)
    {
        var conf = Node(primary).RenderConfig();
        Assert.Contains("    state BACKUP\n    nopreempt\n", conf, StringComparison.Ordinal);
        Assert.DoesNotContain("MASTER", conf, StringComparison.Ordinal);
    }

    [Fact]
    public void With_preemption_the_primary_starts_as_master_and_takes_the_vip_back()
    {
        Assert.Contains("    state MASTER\n", Node(true, preempt: true).RenderConfig(), StringComparison.Ordinal);
        Assert.Contains("    state BACKUP\n", Node(false, preempt: true).RenderConfig(), StringComparison.Ordinal);
        Assert.DoesNotContain("nopreempt", Node(true, preempt: true).RenderConfig(), StringComparison.Ordinal);
    }
}
