using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Operations;
using K8sBare.Cluster.Tests.EndToEnd;
using K8sBare.Testing;
using K8sBare.Testing.Kubernetes;
using K8sBare.Testing.Testbed;
using Xunit.Abstractions;

namespace K8sBare.Cluster.Tests.Operations;

/// <summary>
/// Reset on real hosts: a systemd control plane (etcd running from the host's package through K8sBare's link) and an
/// OpenRC worker (containerd running) applied by K8sBare, then reset over SSH; checked from inside the hosts (not
/// through K8sBare): no path of the rendered artifacts remains, no service runs, and what K8sBare did not create stays.
/// </summary>
public sealed class NodeResetTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("k8sbare-reset");

    public void Dispose() => _dir.Dispose();

    [RequiresFact("systemd-nspawn", "debootstrap", Root = true)]
    public async Task Reset_removes_everything_K8sBare_placed_and_nothing_else()
    {
        await using var tb = await Testbed.StartAsync(new TestbedOptions { SystemdHosts = ["cp"], OpenRcHosts = ["w"] });
        var spec = await TestbedSpecs.ControlPlaneAndOpenRcWorkerAsync(tb, "reset");
        var applied = await new ClusterApplier(new SshConnectionFactory()).ApplyAsync(spec, new ApplyOptions { PkiDirectory = _dir.Combine("pki") });
        var artifacts = applied.Artifacts!;
        Assert.Equal("active", (await tb["cp"].ExecAsync("systemctl is-active etcd")).StdOut.Trim());
        (await tb["w"].ExecAsync("rc-service containerd status")).EnsureSuccess("containerd runs on w");

        // Files K8sBare did not place, beside and under its own: they and their folders must stay.
        (await tb["cp"].ExecAsync("echo mine > /var/lib/kubernetes/operator-notes.txt && echo mine > /etc/etcd/README.local")).EnsureSuccess("foreign files");
        (await tb["w"].ExecAsync("echo mine > /var/lib/kubernetes/operator-notes.txt")).EnsureSuccess("foreign file");

        // What a worker's running Kubernetes leaves that no rendered file names: a container the CRI plugin started (in
        // containerd's k8s.io namespace, real runc), a pod volume mounted under the kubelet's root, a pod network
        // namespace, the CNI bridge and flannel's device, host-local IPAM leases and cached results of the cluster's
        // network. Beside them, what is not the cluster's: a container in another containerd namespace and another
        // CNI network's state.
        var busybox = await ContainerImages.BuildBusyboxAsync(_dir.Combine("images"));
        File.Copy(busybox, Path.Combine(tb["w"].RootDirectory!, "var", "tmp", "busybox.tar"), overwrite: true);
        (await tb["w"].ExecAsync(string.Join(" && ",
            "ctr -n k8s.io images import /var/tmp/busybox.tar >/dev/null",
            $"ctr -n k8s.io run -d {ContainerImages.BusyboxImage} reset-pod /bin/sleep 100001",
            "ctr -n other images import /var/tmp/busybox.tar >/dev/null",
            $"ctr -n other run -d {ContainerImages.BusyboxImage} foreign /bin/sleep 100002",
            "mkdir -p /var/lib/kubelet/pods/p1/volumes/kubernetes.io~secret/token && mount -t tmpfs tmpfs /var/lib/kubelet/pods/p1/volumes/kubernetes.io~secret/token",
            "echo secret > /var/lib/kubelet/pods/p1/volumes/kubernetes.io~secret/token/token",
            "ip netns add cni-reset-probe",
            "ip link add cni0 type bridge && ip link add flannel.1 type bridge",
            "mkdir -p /var/lib/cni/networks/cbr0 /var/lib/cni/flannel /var/lib/cni/results /var/lib/cni/networks/other",
            "touch /var/lib/cni/networks/cbr0/10.200.0.5 /var/lib/cni/flannel/abc /var/lib/cni/results/cbr0-abc-eth0 /var/lib/cni/networks/other/10.9.0.2 /var/lib/cni/results/other-abc-eth0",
            "pgrep -f '[s]leep 100001' && pgrep -f '[s]leep 100002'"), TimeSpan.FromMinutes(3))).EnsureSuccess("runtime state on w");

        var reset = new NodeReset(new SshConnectionFactory());
        foreach (var (node, init) in new[] { ("cp", "systemd"), ("w", "openrc") })
        {
            var result = await reset.ResetAsync(spec, node);
            output.WriteLine(result.Plan + $"\n-> {result.Duration.TotalMilliseconds:0} ms, remaining: {string.Join(", ", result.Remaining)}");
            Assert.True(result.Clean, $"{node}: remaining {string.Join(", ", result.Remaining)}; running {string.Join(", ", result.StillRunning)}");

            // From inside the host: no rendered path remains.
            var host = artifacts[node];
            var paths = host.Files.Select(f => f.Path).Concat(host.Services.Select(s => s.UnitPath)).Concat(host.Directories.Select(d => d.Path))
                .Concat(host.Binaries.Select(b => b.HostPath)).Append("/var/lib/k8sbare").Distinct(StringComparer.Ordinal).ToList();
            Assert.NotEmpty(paths);
            var left = await tb[node].ExecAsync("for p in " + string.Join(' ', paths.Select(p => $"'{p}'")) + "; do if [ -e \"$p\" ] || [ -L \"$p\" ]; then echo \"$p\"; fi; done");
            Assert.True(left.StdOut.Trim().Length == 0, $"{node} still has: {left.StdOut}");

            // No service K8sBare installed runs or is known to the init system.
            foreach (var s in host.Services)
            {
                var st = init == "systemd"
                    ? await tb[node].ExecAsync($"systemctl is-active {s.Name}; systemctl is-enabled {s.Name}")
                    : await tb[node].ExecAsync($"rc-service {s.Name} status; rc-update show default | grep -w {s.Name}");
                Assert.DoesNotContain("active\n", st.StdOut.Replace("inactive", "", StringComparison.Ordinal), StringComparison.Ordinal);
                Assert.DoesNotContain("started", st.StdOut, StringComparison.Ordinal);
                Assert.DoesNotContain("enabled", st.StdOut, StringComparison.Ordinal);
            }
            // (cp also runs the Debian package's own containerd.service, which K8sBare did not install: not checked there.)
            var procs = await tb[node].ExecAsync(string.Join("; ", host.Services.Select(s => $"pgrep -x {s.Name}")) + "; true");
            Assert.True(procs.StdOut.Trim().Length == 0, $"{node} runs: {procs.StdOut}");

            // What K8sBare did not create stays: the foreign files (and so their folders) and the package binaries it linked to.
            (await tb[node].ExecAsync("test -f /var/lib/kubernetes/operator-notes.txt")).EnsureSuccess("foreign file kept on " + node);
            (await tb[node].ExecAsync(node == "cp" ? "test -f /etc/etcd/README.local && test -x /usr/bin/etcd" : "test -x /usr/bin/containerd && test -x /usr/sbin/runc")).EnsureSuccess("host files kept on " + node);

            if (node == "w")
            {
                // The runtime state is gone, judged on the host (not from the result).
                var runtime = await tb["w"].ExecAsync(
                    "pgrep -af '[s]leep 100001'; grep -E ' /var/lib/kubelet' /proc/self/mounts; ls /run/netns/; ip -o link show | grep -E ' (cni0|flannel\\.1)[:@]'; " +
                    "ls -d /var/lib/cni/networks/cbr0 /var/lib/cni/flannel /var/lib/cni/results/cbr0-abc-eth0 2>/dev/null; true");
                Assert.True(runtime.StdOut.Trim().Length == 0, $"runtime state left on w: {runtime.StdOut}");
                Assert.Contains(result.Plan.Steps, st => st.StartsWith("remove runtime state", StringComparison.Ordinal) && st.Contains("flannel.1", StringComparison.Ordinal));
                // What was not the cluster's stays: the other namespace's container and the other network's state.
                (await tb["w"].ExecAsync("pgrep -f '[s]leep 100002' && test -f /var/lib/cni/networks/other/10.9.0.2 && test -f /var/lib/cni/results/other-abc-eth0"))
                    .EnsureSuccess("foreign runtime state kept on w");
                (await tb["w"].ExecAsync("pkill -f '[s]leep 100002'; true")).EnsureSuccess("stop the foreign container");
            }

            // A second reset finds nothing to do and is clean.
            Assert.True((await reset.ResetAsync(spec, node)).Clean);
        }
    }

    [Fact]
    public async Task Resetting_an_etcd_member_of_a_multi_member_cluster_needs_the_member_removed_first()
    {
        var key = _dir.Combine("id");
        await File.WriteAllTextAsync(key, "not used");
        var spec = ClusterBuilder.Create("ha").WithSsh(new SshSettings { IdentityFile = key, User = "root" })
            .AddControlPlane("cp-1", "192.0.2.10").AddControlPlane("cp-2", "192.0.2.11").AddControlPlane("cp-3", "192.0.2.12").AddWorker("w", "192.0.2.20").Build();
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => NodeReset.PlanAsync(spec, "cp-2"));
        Assert.Contains("one of 3 etcd members", ex.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", ex.Message, StringComparison.Ordinal);
        var plan = await NodeReset.PlanAsync(spec, "cp-2", new NodeResetOptions { EtcdMemberRemoved = true });
        Assert.Contains("/var/lib/etcd", plan.Directories);
        Assert.Contains("etcd", plan.Services);
        Assert.DoesNotContain(plan.EmptyParents, p => p is "/" or "/etc" or "/var/lib" or "/usr/local/bin");
        // The worker is no etcd member: planned without confirmation.
        Assert.DoesNotContain("/var/lib/etcd", (await NodeReset.PlanAsync(spec, "w")).Directories);
        await Assert.ThrowsAsync<ArgumentException>(() => NodeReset.PlanAsync(spec, "nope"));
    }

    [Fact]
    public async Task The_runtime_state_a_reset_removes_follows_the_pod_network_and_what_the_node_runs()
    {
        var key = _dir.Combine("id");
        await File.WriteAllTextAsync(key, "not used");
        ClusterBuilder Base() => ClusterBuilder.Create("rt").WithSsh(new SshSettings { IdentityFile = key, User = "root" })
            .AddControlPlane("cp", "192.0.2.10").AddWorker("w-1", "192.0.2.21").AddWorker("w-2", "192.0.2.22");

        var vxlan = (await NodeReset.PlanAsync(Base().UseFlannel(FlannelBackend.Vxlan, f => f with { Vni = 7 }).Build(), "w-1")).Runtime;
        Assert.Equal("k8s.io", vxlan.ContainerNamespace);
        Assert.Equal("/var/lib/kubelet", vxlan.KubeletRoot);
        Assert.Equal(["cni0", "flannel.7"], vxlan.Interfaces);
        Assert.Equal(["/var/lib/cni/networks/cbr0", "/var/lib/cni/flannel"], vxlan.CniState);
        Assert.Empty(vxlan.Routes);
        Assert.EndsWith("/kube-proxy", vxlan.KubeProxyBinary, StringComparison.Ordinal);

        var hostGw = (await NodeReset.PlanAsync(Base().UseFlannel(FlannelBackend.HostGw).Build(), "w-1")).Runtime;
        Assert.Equal(["cni0"], hostGw.Interfaces);

        // Static routes: the bridge network's leases, and a route to each other worker's pod range via that worker.
        var routes = await NodeReset.PlanAsync(Base().UseStaticRoutes().Build(), "w-2");
        Assert.Equal(["/var/lib/cni/networks/bridge"], routes.Runtime.CniState);
        var route = Assert.Single(routes.Runtime.Routes);
        Assert.Equal("192.0.2.21", route.Via);
        Assert.Contains(routes.Steps, st => st.Contains($"{route.Range} via 192.0.2.21", StringComparison.Ordinal));

        // A control plane without a kubelet has none.
        Assert.True((await NodeReset.PlanAsync(Base().Build(), "cp")).Runtime.IsEmpty);
    }
}
