using System.Diagnostics;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Management;
using K8sBare.Cluster.Operations;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Testing;
using K8sBare.Testing.Kubernetes;
using K8sBare.Testing.Testbed;
using Xunit.Abstractions;

namespace K8sBare.Cluster.Tests.EndToEnd;

/// <summary>
/// Worker day-2 operations through the entry point (<see cref="ClusterManager.AddNodeAsync"/>,
/// <see cref="ClusterManager.RemoveNodeAsync"/>), on real Kubernetes 1.20.2 (apiserver, controller-manager, scheduler,
/// kubelets, kube-proxy built from Debian's source), the hosts' etcd 3.5 and containerd 1.7, over SSH to three systemd
/// test-bed hosts. Every remote call of the product goes through a recording wrapper around the real SSH transport
/// (it injects nothing) so the hosts each operation contacts, and what it does there, are counted. Everything else is
/// judged from outside: kubectl with the rendered admin kubeconfig, and the hosts' process tables and files.
/// </summary>
[Collection(WorkerOperationsCollection.Name)]
public sealed class WorkerOperationsEndToEndTests(WorkerTestbedFixture fixture, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);
    private static readonly string[] WriteOperations = ["write", "write-batch", "mkdir", "remove"];
    private static readonly HashSet<string> Node1Writes = ["/etc/kubernetes/pod-routes.sh", "/var/lib/k8sbare/restart/kubelet"];
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [RequiresFact("systemd-nspawn", "debootstrap", "kubectl", "gcc", Root = true)]
    public async Task A_worker_is_added_touching_only_what_must_change_and_removed_through_a_drain_that_respects_a_PodDisruptionBudget()
    {
        var total = Stopwatch.StartNew();
        var tb = fixture.Testbed;
        var kube = await KubernetesBinaries.EnsureAsync();
        var pause = await ContainerImages.BuildPauseAsync(Path.Combine(kube, "pause.c"), _dir.Combine("images"));
        var busybox = await ContainerImages.BuildBusyboxAsync(_dir.Combine("images"));
        var containerd = await TestbedSpecs.HostContainerdVersionAsync(tb, "node-1", "node-2");
        await KubeletHostSysctls.ApplyAsync();
        var day1 = RealKubernetesSpecs.Workers(tb, kube, pause, busybox, containerd, "node-1");
        var day2 = RealKubernetesSpecs.Workers(tb, kube, pause, busybox, containerd, "node-1", "node-2");
        var node2 = day2.Nodes.Single(n => n.Name == "node-2");
        var transport = new FaultInjectingConnectionFactory(new SshConnectionFactory());
        var manager = new ClusterManagerBuilder().UsePkiDirectory(_dir.Combine("pki")).UseConnections(transport).Build();

        // ---- day 1: one control plane, one worker.
        var first = await manager.ApplyAsync(day1);
        output.WriteLine($"day 1 applied: {first.Changes.Count} changes ({total.Elapsed.TotalSeconds:0} s)");
        var kubeconfig = _dir.Combine("admin.kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, first.Artifacts!.OperatorFiles["admin.kubeconfig"].Content);
        File.SetUnixFileMode(kubeconfig, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var k = new Kubectl(kubeconfig, output);
        await k.WaitNodeReadyAsync("node-1", Patience);
        Assert.Equal("", (await tb["node-2"].ExecAsync("ls /etc/kubernetes /var/lib/kubelet 2>/dev/null; pgrep -x kubelet")).StdOut.Trim());
        var before = await ProcessIds.ReadAsync(tb, ("master", ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"]), ("node-1", ["containerd", "kubelet", "kube-proxy"]));

        // ---- add node-2 on a fresh host, counting every remote call by host.
        transport.Recording = true;
        var added = await manager.AddNodeAsync(day1, node2);
        transport.Recording = false;
        var addCalls = transport.Steps;
        transport.Reset();
        output.WriteLine(added.Plan.ToString());
        output.WriteLine($"add: {added.Duration.TotalSeconds:0.0} s; remote calls by host: {Count(addCalls)}; writes by host: {Count(addCalls.Where(IsWrite))}");
        foreach (var c in added.Apply!.Changes.Where(c => c.Host != "node-2")) output.WriteLine("  change " + c);
        foreach (var r in added.Apply.ServiceRestarts) output.WriteLine("  " + r);
        foreach (var c in addCalls.Where(c => c.Host != "node-2" && IsWrite(c))) output.WriteLine("  write " + c);

        // The plan names the new worker and node-1, which must route to node-2's pod range (static routes); the apply
        // ran through the control plane (cluster-wide steps) and contacted no other host.
        Assert.Equal(["node-1", "node-2"], added.Plan.Hosts.Order(StringComparer.Ordinal));
        Assert.Equal(["master", "node-1", "node-2"], addCalls.Select(c => c.Host).Distinct().Order(StringComparer.Ordinal));
        // The control plane only read: nothing written, nothing restarted, the same processes.
        Assert.DoesNotContain(addCalls, c => c.Host == "master" && IsWrite(c));
        Assert.DoesNotContain(added.Apply.Changes, c => c.Host == "master");
        // node-1 got exactly its new route script and nothing else; its kubelet restarted, which runs the script
        // before it starts (its pods keep running: the containers belong to containerd).
        var node1Changes = added.Apply.Changes.Where(c => c.Host == "node-1" && c.Kind != ChangeKind.ServiceRestarted).Select(c => c.Target).Distinct().ToList();
        Assert.True(node1Changes.Count > 0 && node1Changes.All(t => t.Contains("pod-routes", StringComparison.Ordinal)), string.Join("\n", node1Changes));
        Assert.Equal(["kubelet"], added.Apply.ServiceRestarts.Where(r => r.Host == "node-1").Select(r => r.Service));
        // On the host: the script, and the marker that makes an interrupted kubelet restart finish on the next run.
        Assert.Equal(Node1Writes, addCalls.Where(c => c.Host == "node-1" && IsWrite(c)).Select(c => c.Detail).ToHashSet());
        Assert.DoesNotContain(added.Apply.ServiceRestarts, r => r.Host == "master");
        var after = await ProcessIds.ReadAsync(tb, ("master", ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"]), ("node-1", ["containerd", "kubelet", "kube-proxy"]));
        var restartedOnNode1 = added.Apply.ServiceRestarts.Where(r => r.Host == "node-1").Select(r => r.Service).ToHashSet();
        Assert.Equal(Without(before, "node-1", restartedOnNode1), Without(after, "node-1", restartedOnNode1));

        // node-2 is Ready, node-1 routes to its pod range, and the scheduler places a pod there that runs.
        await k.WaitNodeReadyAsync("node-2", Patience);
        var range2 = K8sBare.Cluster.Rendering.WorkerRendering.NodePodRanges(day2)["node-2"];
        Assert.Contains(range2, (await tb["node-1"].ExecAsync("ip route")).EnsureSuccess("ip route").StdOut, StringComparison.Ordinal);
        await k.ApplyAsync(Deployment("web", replicas: 2));
        var podOn2 = await WaitPodOnAsync(k, "web", "node-2");
        var podOn1 = await WaitPodOnAsync(k, "web", "node-1");
        output.WriteLine($"web: {podOn1} on node-1, {podOn2} on node-2 ({total.Elapsed.TotalSeconds:0} s)");

        // ---- a budget that allows no disruption: the removal is refused naming it, and nothing changes.
        await k.ApplyAsync(Budget("web", minAvailable: 2));
        await k.WaitAsync(["get", "pdb", "web", "-o", "jsonpath={.status.currentHealthy}/{.status.disruptionsAllowed}"], o => o == "2/0", Patience);
        var uid = await k.RunAsync(["get", "pod", podOn2, "-o", "jsonpath={.metadata.uid}"]);
        transport.Recording = true;
        var refused = await Assert.ThrowsAsync<UnsafeNodeOperationException>(() => manager.RemoveNodeAsync(day2, "node-2"));
        transport.Recording = false;
        output.WriteLine(refused.Message);
        Assert.Contains("PodDisruptionBudget default/web allows no disruption now (2 healthy, 2 desired)", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"default/{podOn2}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", refused.Message, StringComparison.Ordinal);
        Assert.Empty(transport.Steps);
        transport.Reset();
        Assert.Equal("", await k.RunAsync(["get", "node", "node-2", "-o", "jsonpath={.spec.unschedulable}"]));
        Assert.Equal($"{uid} Running node-2", await k.RunAsync(["get", "pod", podOn2, "-o", "jsonpath={.metadata.uid} {.status.phase} {.spec.nodeName}"]));
        (await tb["node-2"].ExecAsync("systemctl is-active containerd kubelet kube-proxy")).EnsureSuccess("node-2's services still running");

        // ---- the budget relaxed: cordon, evict through the Eviction API, recreate on node-1, delete the Node, reset the host.
        await k.ApplyAsync(Budget("web", minAvailable: 1));
        await k.WaitAsync(["get", "pdb", "web", "-o", "jsonpath={.status.currentHealthy}/{.status.disruptionsAllowed}"], o => o == "2/1", Patience);
        var files2 = added.Apply.Artifacts!["node-2"].Files.Select(f => f.Path).Concat(added.Apply.Artifacts["node-2"].Services.Select(s => s.UnitPath)).ToList();
        transport.Recording = true;
        var removed = await manager.RemoveNodeAsync(day2, "node-2");
        transport.Recording = false;
        var removeCalls = transport.Steps;
        transport.Reset();
        output.WriteLine(removed.Plan.ToString());
        foreach (var o in removed.Outcomes) output.WriteLine("  " + o);
        output.WriteLine($"remove: {removed.Duration.TotalSeconds:0.0} s; remote calls by host: {Count(removeCalls)}; writes by host: {Count(removeCalls.Where(IsWrite))}");

        Assert.NotNull(removed.Drain);
        Assert.Equal("policy/v1beta1", removed.Drain.EvictionApiVersion);
        Assert.Equal([$"default/{podOn2}"], removed.Drain.Evicted.Select(p => $"{p.Namespace}/{p.Name}"));
        Assert.Equal(["master", "node-1", "node-2"], removeCalls.Select(c => c.Host).Distinct().Order(StringComparer.Ordinal));
        Assert.DoesNotContain(removeCalls, c => c.Host == "master" && IsWrite(c));
        Assert.Equal(Node1Writes, removeCalls.Where(c => c.Host == "node-1" && IsWrite(c)).Select(c => c.Detail).ToHashSet());

        // Judged from the API: the Node is gone, web runs twice on node-1 (the evicted pod recreated there), the other pod untouched.
        Assert.Contains("NotFound", await TryKubectlAsync(k, ["get", "node", "node-2"]), StringComparison.Ordinal);
        await k.WaitAsync(["get", "pods", "-l", "app=web", "-o", "jsonpath={range .items[*]}{.spec.nodeName}={.status.phase};{end}"],
            o => o == "node-1=Running;node-1=Running;", Patience);
        Assert.Contains("NotFound", await TryKubectlAsync(k, ["get", "pod", podOn2]), StringComparison.Ordinal);
        Assert.Equal("Running", await k.RunAsync(["get", "pod", podOn1, "-o", "jsonpath={.status.phase}"]));

        // Judged on node-2: no K8sBare process, unit or file left.
        var leftProcesses = await tb["node-2"].ExecAsync("for p in kubelet kube-proxy containerd containerd-shim pause httpd; do pgrep -a -x $p; done; true");
        Assert.True(leftProcesses.StdOut.Trim().Length == 0, "processes left on node-2:\n" + leftProcesses.StdOut);
        var leftFiles = await tb["node-2"].ExecAsync(string.Join("; ", files2.Select(f => $"[ -e {f} ] && echo {f}")) + "; true");
        Assert.True(leftFiles.StdOut.Trim().Length == 0, "files left on node-2:\n" + leftFiles.StdOut);
        Assert.Equal("", (await tb["node-2"].ExecAsync("ls -A /var/lib/k8sbare /etc/kubernetes 2>/dev/null; true")).StdOut.Trim());
        // ... and on the rest of the cluster nothing names it any more: node-1 no longer routes to its pod range,
        // the control plane's and node-1's files do not mention its name or address.
        Assert.DoesNotContain(range2, (await tb["node-1"].ExecAsync("ip route")).StdOut, StringComparison.Ordinal);
        foreach (var host in new[] { "master", "node-1" })
        {
            var r = await tb[host].ExecAsync($"grep -rlwF -e node-2 -e {node2.Address} /etc/kubernetes /etc/systemd/system /var/lib/kubelet/config.yaml 2>/dev/null; true");
            Assert.True(r.StdOut.Trim().Length == 0, $"{host} still names node-2 in:\n{r.StdOut}");
        }

        output.WriteLine($"removed ({total.Elapsed.TotalSeconds:0} s)");

        // ---- an unreachable worker: node-1's container killed. The budget is deleted first (with no worker left, a
        // budget of minAvailable 1 could never allow the last eviction); the removal still evicts through the API,
        // with grace period 0 (no kubelet can confirm anything), deletes the Node and skips the host, saying why.
        await k.RunAsync(["delete", "pdb", "web"]);
        await tb["node-1"].KillAsync();
        var gone = await manager.RemoveNodeAsync(day2 with { Nodes = [.. day2.Nodes.Where(n => n.Name != "node-2")] }, "node-1");
        foreach (var o in gone.Outcomes) output.WriteLine("  " + o);
        Assert.Contains(gone.Outcomes, o => o.StartsWith("node-1: host skipped, unreachable", StringComparison.Ordinal));
        Assert.Equal(2, gone.Drain!.Evicted.Count);
        Assert.Contains("NotFound", await TryKubectlAsync(k, ["get", "node", "node-1"]), StringComparison.Ordinal);
        Assert.Equal("", (await k.RunAsync(["get", "nodes", "-o", "name"])).Trim());
        output.WriteLine($"total {total.Elapsed.TotalSeconds:0} s");
    }

    private static bool IsWrite(TransportStep s) => WriteOperations.Contains(s.Operation);

    private static string Count(IEnumerable<TransportStep> steps) =>
        string.Join(", ", steps.GroupBy(s => s.Host).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}={g.Count()}"));

    private static async Task<string> WaitPodOnAsync(Kubectl k, string app, string node)
    {
        var name = "";
        await k.WaitAsync(["get", "pods", "-l", $"app={app}", "--field-selector", $"spec.nodeName={node},status.phase=Running", "-o", "jsonpath={.items[0].metadata.name}"],
            o => (name = o.Trim()).Length > 0, Patience);
        return name;
    }

    private static async Task<string> TryKubectlAsync(Kubectl k, string[] args)
    {
        try
        {
            return await k.RunAsync(args);
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }

    private static List<string> Without(Dictionary<string, string> pids, string host, HashSet<string> services) =>
        pids.Where(p => !(p.Key.StartsWith(host + "/", StringComparison.Ordinal) && services.Contains(p.Key[(host.Length + 1)..])))
            .Select(p => $"{p.Key}={p.Value}").Order(StringComparer.Ordinal).ToList();

    /// <summary>Replicas spread one per node (a node without one is preferred), from the preloaded busybox image.</summary>
    private static string Deployment(string name, int replicas) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: {{name}}, namespace: default }
        spec:
          replicas: {{replicas}}
          selector: { matchLabels: { app: {{name}} } }
          template:
            metadata: { labels: { app: {{name}} } }
            spec:
              terminationGracePeriodSeconds: 1
              topologySpreadConstraints:
              - { maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule, labelSelector: { matchLabels: { app: {{name}} } } }
              containers:
              - name: web
                image: {{ContainerImages.BusyboxImage}}
                imagePullPolicy: Never
                command: ["/bin/sh", "-c", "mkdir -p /tmp/www && hostname > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www"]

        """;

    private static string Budget(string app, int minAvailable) => $$"""
        apiVersion: policy/v1beta1
        kind: PodDisruptionBudget
        metadata: { name: {{app}}, namespace: default }
        spec:
          minAvailable: {{minAvailable}}
          selector: { matchLabels: { app: {{app}} } }

        """;
}
