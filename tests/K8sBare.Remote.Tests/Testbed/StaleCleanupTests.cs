using K8sBare.Testing;
using K8sBare.Testing.Testbed;

namespace K8sBare.Remote.Tests.Testbed;

/// <summary>A testbed whose owner process died (its flock is released by the kernel) is removed by the next start.</summary>
public sealed class StaleCleanupTests
{
    [RequiresFact("ssh", "sshd", "ip", "flock", Root = true)]
    public async Task A_testbed_whose_owner_died_is_cleaned_by_CleanStaleAsync()
    {
        var tb = await K8sBare.Testing.Testbed.Testbed.StartAsync(new TestbedOptions { LightHosts = 2 });
        var lockFile = Path.Combine(tb.Directory, "owner.lock");
        try
        {
            // While the owner lives, another process sees its lock held (flock(1) uses the same flock(2) as .NET).
            Assert.Equal(1, (await ProcessRunner.RunAsync("flock", ["-n", lockFile, "true"])).ExitCode);
            await K8sBare.Testing.Testbed.Testbed.CleanStaleAsync();
            Assert.True(Directory.Exists(tb.Directory), "a live testbed was cleaned");

            tb.AbandonAsIfOwnerDied();
            Assert.Equal(0, (await ProcessRunner.RunAsync("flock", ["-n", lockFile, "true"])).ExitCode);
            Assert.True(tb.Hosts.All(h => h.IsRunning));

            await K8sBare.Testing.Testbed.Testbed.CleanStaleAsync();

            Assert.False(Directory.Exists(tb.Directory), $"{tb.Directory} survived");
            Assert.DoesNotContain(tb.Bridge, (await ProcessRunner.RunAsync("ip", ["-o", "link", "show"])).StdOut, StringComparison.Ordinal);
            var netns = (await ProcessRunner.RunAsync("ip", ["netns", "list"])).StdOut;
            Assert.All(tb.Hosts, h => Assert.DoesNotContain(h.NetworkNamespace, netns, StringComparison.Ordinal));
            Assert.All(tb.Hosts, h => Assert.False(h.IsRunning, $"{h.Name} still runs"));
        }
        finally
        {
            await tb.DisposeAsync(); // the real teardown when an assertion failed before abandoning; else a no-op
            await K8sBare.Testing.Testbed.Testbed.CleanStaleAsync(); // and whatever an abandoned one left
        }
    }
}
