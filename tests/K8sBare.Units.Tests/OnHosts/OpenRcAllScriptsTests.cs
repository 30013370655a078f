using K8sBare.Units.Components;
using K8sBare.Units.Services;
using K8sBare.Units.Tests.Support;

namespace K8sBare.Units.Tests.OnHosts;

/// <summary>
/// Every component's OpenRC script (the golden-file sample cluster) loaded by OpenRC itself: openrc-run sources each one
/// (<c>describe</c>), all go into the default runlevel, and the dependency tree is rebuilt without errors — the
/// <c>use net</c>/<c>need containerd</c>/… lines resolve on a host without a net provider. Only etcd and containerd are
/// also started (<see cref="OpenRcServiceTests"/>): the Kubernetes binaries are not available here and are not faked.
/// </summary>
[Collection(UnitsTestbedCollection.Name)]
public sealed class OpenRcAllScriptsTests(UnitsTestbedFixture fixture)
{
    [RequiresFact("systemd-nspawn", "debootstrap", "sshd", "ip", Root = true)]
    public async Task Every_component_script_is_sourced_by_openrc_run_and_enters_the_dependency_tree()
    {
        var host = fixture.OpenRc;
        var scripts = SampleCluster.Components.Select(c => c.Options.ToService()).Select(s => (s, File: s.Render(InitSystem.OpenRc))).ToList();
        Assert.Equal(12, scripts.Count);
        var names = string.Join(' ', scripts.Select(x => x.s.Name));
        foreach (var (_, file) in scripts) await HostFiles.InstallAsync(host, file, "0755");
        try
        {
            foreach (var (service, _) in scripts)
            {
                var d = await host.ExecAsync($"rc-service {service.Name} describe");
                Assert.True(d.ExitCode == 0, $"openrc-run could not load {service.Name}: {d.StdOut}{d.StdErr}");
                Assert.Contains(service.Description, d.StdOut + d.StdErr, StringComparison.Ordinal);
            }
            (await host.ExecAsync($"for s in {names}; do rc-update add $s default || exit 1; done")).EnsureSuccess("rc-update add (all)");
            var tree = (await host.ExecAsync("rc-update -u")).EnsureSuccess("rc-update -u (dependency tree)");
            Assert.DoesNotContain("ERROR", tree.StdOut + tree.StdErr, StringComparison.Ordinal);
            var show = (await host.ExecAsync("rc-update show default")).StdOut;
            Assert.All(scripts, x => Assert.Matches($@"(?m)^\s*{x.s.Name}\s*\|\s*default", show));
            // The resolved tree: kubelet waits for containerd (need), and nothing needs a 'net' provider.
            var deps = (await host.ExecAsync("/lib/rc/bin/rc-depend kubelet")).EnsureSuccess("rc-depend kubelet").StdOut.Trim();
            Assert.Equal("containerd kubelet", deps);
            var needsNet = await host.ExecAsync($"grep -l '^\\s*need .*\\bnet\\b' {string.Join(' ', scripts.Select(x => x.File.Path))}");
            Assert.Equal("", needsNet.StdOut.Trim());
        }
        finally
        {
            await host.ExecAsync($"for s in {names}; do rc-update del $s default; rm -f /etc/init.d/$s; done; rc-update -u");
        }
    }
}
