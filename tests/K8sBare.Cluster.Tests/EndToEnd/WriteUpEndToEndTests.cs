using System.Diagnostics;
using System.Globalization;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Management;
using K8sBare.Testing;
using K8sBare.Testing.Kubernetes;
using K8sBare.Testing.Testbed;
using Xunit.Abstractions;

namespace K8sBare.Cluster.Tests.EndToEnd;

/// <summary>
/// The HA write-up's own shape for real (issue 12; ../shared/reference/seeds/002): two control planes cp-1 and cp-2
/// with etcd, the third etcd member on worker w-1, a second worker w-2, Kubernetes 1.20.2 and etcd 3.5; the nodes
/// reach the apiservers through a local nginx proxy, the operator through an external haproxy on its own host (lb),
/// configured from the haproxy.cfg K8sBare renders for it. Applied through <see cref="ClusterManager"/>. A control
/// plane loses its power while the API is read through the load balancer from this machine; the workers' kubelets
/// keep renewing their leases through their proxies. Judged from outside K8sBare: kubectl and an HTTP client through
/// the load balancer, etcdctl and the process tables and files on the hosts.
/// </summary>
[Collection(WriteUpCollection.Name)]
public sealed class WriteUpEndToEndTests(WriteUpTestbedFixture fixture, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);
    private static readonly string[] ControlPlanes = ["cp-1", "cp-2"];
    private static readonly string[] Workers = ["w-1", "w-2"];
    private static readonly string[] EtcdMembers = ["cp-1", "cp-2", "w-1"];

    /// <summary>kube-controller-manager's --node-monitor-grace-period (1.20 default; K8sBare leaves it): a node whose lease is not renewed that long turns Unknown.</summary>
    private static readonly TimeSpan NodeMonitorGracePeriod = TimeSpan.FromSeconds(40);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [RequiresFact("systemd-nspawn", "debootstrap", "kubectl", "gcc", Root = true)]
    public async Task Two_control_planes_with_etcd_on_a_worker_behind_an_external_load_balancer_and_local_proxies_survive_a_control_plane_losing_its_power()
    {
        var clock = Stopwatch.StartNew();
        var tb = fixture.Testbed;
        var lb = tb["lb"].Address;
        var kube = await KubernetesBinaries.EnsureAsync();
        var pause = await ContainerImages.BuildPauseAsync(Path.Combine(kube, "pause.c"), _dir.Combine("images"));
        var busybox = await ContainerImages.BuildBusyboxAsync(_dir.Combine("images"));
        var spec = RealKubernetesSpecs.WriteUp(tb, lb, kube, pause, busybox, await TestbedSpecs.HostContainerdVersionAsync(tb, Workers));
        await KubeletHostSysctls.ApplyAsync();
        var pki = _dir.Combine("pki");
        var manager = new ClusterManagerBuilder().UsePkiDirectory(pki).UseSsh().Build();

        // 1. The shape through the entry point.
        ApplyResult applied;
        try
        {
            applied = await manager.ApplyAsync(spec);
        }
        catch (ApplyException ex)
        {
            output.WriteLine($"apply failed: {ex}");
            foreach (var h in EtcdMembers.Append("w-2"))
                output.WriteLine($"--- {h}:\n" + (await tb[h].ExecAsync("journalctl -u etcd -u kube-apiserver -u nginx -u kubelet --no-pager -n 30 | cut -c1-300")).StdOut);
            throw;
        }

        output.WriteLine($"apply: {applied.Changes.Count} changes, done at {clock.Elapsed.TotalSeconds:0} s");
        foreach (var w in applied.Warnings) output.WriteLine("warning: " + w);
        Assert.True(applied.NotStarted.Count == 0, string.Join("\n", applied.NotStarted));
        Assert.Equal(ApplyPhases.All, applied.Phases);

        // 2. The operator installs the load balancer K8sBare rendered for it on its own host (Debian's haproxy service).
        var lbConfig = applied.Artifacts!.OperatorFiles["api-load-balancer.haproxy.cfg"];
        var installed = await tb["lb"].ExecAsync($"mkdir -p {Path.GetDirectoryName(lbConfig.Path)} && echo {Convert.ToBase64String(lbConfig.Bytes)} | base64 -d > {lbConfig.Path} && systemctl restart haproxy && systemctl is-active haproxy");
        if (installed.ExitCode != 0) output.WriteLine((await tb["lb"].ExecAsync("journalctl -u haproxy --no-pager -n 30 | cut -c1-300")).StdOut);
        installed.EnsureSuccess("haproxy on the load balancer's host");

        // The operator's kubeconfig names the load balancer and works from here (outside every node).
        var k = await Kubectl.ForAdminAsync(applied, _dir.Combine("admin.kubeconfig"), output);
        Assert.Equal($"https://{lb}:6443", (await k.RunAsync(["config", "view", "-o", "jsonpath={.clusters[0].cluster.server}"])).Trim());
        foreach (var w in Workers)
            await k.WaitAsync(["get", "node", w, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}"], o => o.Trim() == "True", Patience);
        // Every node is Ready; the control planes are dedicated (no kubelet: no workload on them, as in the write-up).
        Assert.Equal("w-1 w-2", (await k.RunAsync(["get", "nodes", "-o", "jsonpath={.items[*].metadata.name}"])).Trim());
        output.WriteLine($"nodes Ready through the load balancer at {clock.Elapsed.TotalSeconds:0} s");

        // The local proxy on every worker: nginx running with every apiserver upstream, the kubelet and kube-proxy pointed at it.
        foreach (var w in Workers)
        {
            Assert.Equal("active", (await tb[w].ExecAsync("systemctl is-active nginx")).StdOut.Trim());
            var nginx = (await tb[w].ExecAsync("cat /etc/nginx/nginx.conf")).EnsureSuccess($"nginx.conf on {w}").StdOut;
            foreach (var cp in ControlPlanes) Assert.Contains($"server {tb[cp].Address}:6443 ", nginx, StringComparison.Ordinal);
            // Every kubeconfig on the worker (the kubelet's, kube-proxy's), read from the host's disk, goes through it.
            var kubeconfigs = applied.Artifacts[w].Files.Where(f => f.Path.EndsWith("kubeconfig", StringComparison.Ordinal)).Select(f => f.Path).ToList();
            Assert.True(kubeconfigs.Count >= 2, $"{w}: {string.Join(", ", kubeconfigs)}");
            foreach (var path in kubeconfigs)
                Assert.Equal("https://127.0.0.1:6443", (await tb[w].ExecAsync($"sed -n 's/^ *server: *//p' {path}")).EnsureSuccess($"{path} on {w}").StdOut.Trim());
        }

        // etcd: three voting members, the third on worker w-1, one cluster ID, every apiserver listing all three.
        var members = await EtcdOnHost.MembersAsync(tb, "cp-1");
        Assert.Equal(EtcdMembers, members.Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.All(members, m => Assert.False(m.IsLearner, $"{m.Name} is a learner"));
        Assert.Equal([$"https://{tb["w-1"].Address}:2380"], members.Single(m => m.Name == "w-1").PeerUrls);
        var clusterIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in EtcdMembers) clusterIds.Add(await EtcdOnHost.ClusterIdAsync(tb["cp-1"], tb[m].Address));
        Assert.Single(clusterIds);
        foreach (var cp in ControlPlanes)
        {
            var servers = (await EtcdOnHost.ApiserverEtcdFlagsAsync(tb[cp])).Servers;
            Assert.All(EtcdMembers, m => Assert.Contains($"https://{tb[m].Address}:2379", servers, StringComparison.Ordinal));
        }

        // 3. The poller reads a ConfigMap (a quorum read from etcd through an apiserver) through the load balancer
        // throughout, on a new connection each time: the load balancer picks a backend for every read.
        await k.ApplyAsync("apiVersion: v1\nkind: Namespace\nmetadata: { name: writeup }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: before, namespace: writeup }\ndata: { value: \"0\" }\n");
        await using var poller = new ApiPoller(new Uri($"https://{lb}:6443/api/v1/namespaces/writeup/configmaps/before"),
            body => body.Contains("\"before\"", StringComparison.Ordinal), Path.Combine(pki, "ca.crt"), Path.Combine(pki, "admin.crt"), Path.Combine(pki, "admin.key"), clock, freshConnections: true);
        await poller.WaitForStreakAsync(TimeSpan.Zero, 10, Patience);

        // The victim: the control plane the workers' proxies hold the most connections to (their kubelets' and kube-proxies' way in).
        var connections = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var cp in ControlPlanes)
        {
            connections[cp] = 0;
            foreach (var w in Workers)
                connections[cp] += (await tb[w].ExecAsync($"ss -Htn state established dst {tb[cp].Address} dport = :6443")).StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        }

        var victim = ControlPlanes.OrderByDescending(cp => connections[cp]).First();
        var survivor = ControlPlanes.Single(cp => cp != victim);
        output.WriteLine($"workers' proxy connections: {string.Join(", ", connections.Select(c => $"{c.Key} {c.Value}"))}; powering off {victim}");
        Assert.True(connections[victim] > 0, "the workers' proxies hold no connection to an apiserver");

        var killedWall = DateTimeOffset.UtcNow;
        var killedAt = clock.Elapsed;
        await tb[victim].PowerOffAsync();
        var recoveredAt = await poller.WaitForStreakAsync(killedAt, 10, Patience);
        output.WriteLine($"{victim} powered off at {killedAt.TotalSeconds:0.0} s; the API answered again through the load balancer {(recoveredAt - killedAt).TotalSeconds:0.0} s later");

        // A new object through the load balancer, read back. (Its key is not "n": YAML 1.1, which kubectl reads, takes a bare n for false.)
        await k.ApplyAsync("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: after, namespace: writeup }\ndata: { value: \"1\" }\n");
        Assert.Equal("1", await k.RunAsync(["-n", "writeup", "get", "configmap", "after", "-o", "jsonpath={.data.value}"]));

        // The kubelets keep renewing their leases through their local proxies for longer than the node monitor's grace
        // period after the power-off, and neither node's Ready condition changed since before it.
        foreach (var w in Workers)
        {
            await k.WaitAsync(["-n", "kube-node-lease", "get", "lease", w, "-o", "jsonpath={.spec.renewTime}"],
                o => DateTimeOffset.TryParse(o, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var renewed) && renewed > killedWall + NodeMonitorGracePeriod, Patience);
            var ready = (await k.RunAsync(["get", "node", w, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status} {.status.conditions[?(@.type==\"Ready\")].lastTransitionTime}"])).Trim().Split(' ');
            output.WriteLine($"{w}: lease renewed past {NodeMonitorGracePeriod.TotalSeconds:0} s after the power-off; Ready {ready[0]} since {ready[1]}");
            Assert.Equal("True", ready[0]);
            Assert.True(DateTimeOffset.Parse(ready[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) < killedWall, $"{w}'s Ready condition changed at {ready[1]}, after the power-off at {killedWall:O}");
        }

        // etcd keeps its quorum: the two surviving members healthy, one of them the worker's.
        foreach (var m in EtcdMembers.Where(m => m != victim))
            await EtcdOnHost.EtcdctlAsync(tb[survivor], tb[m].Address, "endpoint health");

        // The API answered through the load balancer throughout: every read right before the power-off, failures only
        // inside the failover window (until the first of 10 right answers in a row), none after it.
        await poller.DisposeAsync();
        var samples = poller.Samples;
        var window = samples.Where(s => s.At >= killedAt && s.At < recoveredAt).ToList();
        output.WriteLine($"poller: {samples.Count} reads; failover window {(recoveredAt - killedAt).TotalSeconds:0.0} s with {window.Count(s => !s.Ok)} failed of {window.Count}; {samples.Count(s => s.At >= recoveredAt)} after it");
        foreach (var s in window) output.WriteLine("  " + s);
        var outside = samples.Where(s => !s.Ok && (s.At < killedAt || s.At >= recoveredAt)).ToList();
        Assert.True(outside.Count == 0, "failed reads outside the failover window:\n" + string.Join('\n', outside));
        Assert.True(samples.Count(s => s.At < killedAt) >= 10, "the poller read before the power-off");
        output.WriteLine($"total {clock.Elapsed.TotalSeconds:0} s");
    }
}
