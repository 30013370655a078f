using K8sBare.Testing;
using K8sBare.Testing.Testbed;

namespace K8sBare.Remote.Tests.Testbed;

/// <summary>Disposing a testbed leaves nothing behind: no bridge, network namespace, process, mount or directory.</summary>
public sealed class TeardownTests
{
    [RequiresFact("systemd-nspawn", "debootstrap", "ssh", "sshd", "ip", Root = true)]
    public async Task Dispose_removes_bridge_namespaces_processes_mounts_and_state()
    {
        var tb = await K8sBare.Testing.Testbed.Testbed.StartAsync(new TestbedOptions { SystemdHosts = ["td-sd"], LightHosts = 2 });
        string bridge = tb.Bridge, dir = tb.Directory;
        var namespaces = tb.Hosts.Select(h => h.NetworkNamespace).ToList();
        var leaders = tb.Hosts.Select(h => h.LeaderPid).ToList();
        try
        {
            Assert.Contains(bridge, (await ProcessRunner.RunAsync("ip", ["-o", "link", "show"])).StdOut, StringComparison.Ordinal);
            Assert.All(leaders, pid => Assert.True(Directory.Exists($"/proc/{pid}"), $"host init {pid} is not running"));
            Assert.Contains(dir, await File.ReadAllTextAsync("/proc/self/mountinfo"), StringComparison.Ordinal);
        }
        finally
        {
            await tb.DisposeAsync();
        }
        Assert.DoesNotContain(bridge, (await ProcessRunner.RunAsync("ip", ["-o", "link", "show"])).StdOut, StringComparison.Ordinal);
        var netns = (await ProcessRunner.RunAsync("ip", ["netns", "list"])).StdOut;
        Assert.All(namespaces, ns => Assert.DoesNotContain(ns, netns, StringComparison.Ordinal));
        Assert.All(leaders, pid => Assert.False(Directory.Exists($"/proc/{pid}"), $"host init {pid} survived the teardown"));
        var ps = (await ProcessRunner.RunAsync("ps", ["-eo", "args"])).StdOut;
        Assert.DoesNotContain(dir, ps, StringComparison.Ordinal);
        Assert.DoesNotContain(dir, await File.ReadAllTextAsync("/proc/self/mountinfo"), StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir), $"{dir} was not removed");
    }
}
