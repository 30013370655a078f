using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using k8s;
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
/// The cluster upgrade as one call (<see cref="ClusterManager.UpgradeAsync"/>) on real components: Kubernetes 1.20.2
/// (built from Debian's source) on three Bookworm systemd test-bed hosts running their own etcd 3.4.23 and containerd
/// 1.6.20, upgraded to etcd 3.5.16 (/var/cache/k8sbare/etcd-3.5) and containerd 1.7.24 (Debian 13's binaries, fetched
/// by scripts/fetch-tools.sh). Judged from outside the product: the hosts' process tables and the binaries the running
/// processes were started from, and a poller reading the Nodes' <c>spec.unschedulable</c> and the web pods through the
/// API during the upgrade, its samples timed on the kernel's boot clock so they can be compared with the new
/// containerd's start time on each worker.
/// </summary>
[Collection(UpgradeCollection.Name)]
public sealed partial class UpgradeEndToEndTests(UpgradeTestbedFixture fixture, ITestOutputHelper output) : IDisposable
{
    private const string Containerd17 = "/var/cache/k8sbare/tools/containerd-1.7/usr/bin";
    private const string Etcd35 = "/var/cache/k8sbare/etcd-3.5/bin/etcd";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);
    private static readonly string[] Workers = ["node-1", "node-2"];
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [GeneratedRegex(@"\b(\d+\.\d+\.\d+)")]
    private static partial Regex Semver();

    [RequiresFact("systemd-nspawn", "debootstrap", "kubectl", "gcc", Root = true)]
    public async Task Containerd_1_6_to_1_7_and_etcd_3_4_to_3_5_in_one_call_workers_drained_one_at_a_time_and_a_second_run_changes_nothing()
    {
        var total = Stopwatch.StartNew();
        var tb = fixture.Testbed;
        var kube = await KubernetesBinaries.EnsureAsync();
        var pause = await ContainerImages.BuildPauseAsync(Path.Combine(kube, "pause.c"), _dir.Combine("images"));
        var busybox = await ContainerImages.BuildBusyboxAsync(_dir.Combine("images"));
        await KubeletHostSysctls.ApplyAsync();
        // The starting versions are the hosts' own, read from the binaries (Debian 12: containerd 1.6.20, etcd 3.4.23).
        var containerdBefore = await TestbedSpecs.HostContainerdVersionAsync(tb, Workers);
        var etcdBefore = VersionOf((await tb["master"].ExecAsync("/usr/bin/etcd --version")).EnsureSuccess("etcd --version").StdOut);
        Assert.StartsWith("1.6.", containerdBefore, StringComparison.Ordinal);
        Assert.StartsWith("3.4.", etcdBefore, StringComparison.Ordinal);
        var containerdAfter = VersionOf(await LocalVersionAsync(Path.Combine(Containerd17, "containerd")));
        var etcdAfter = VersionOf(await LocalVersionAsync(Etcd35));
        var current = RealKubernetesSpecs.BookwormWorkers(tb, kube, pause, busybox, containerdBefore, etcdBefore, Workers);
        var target = ClusterBuilder.From(current)
            .WithVersions(v => v with { Containerd = containerdAfter, Etcd = etcdAfter })
            .WithBinary("containerd", BinarySource.FromFile(Path.Combine(Containerd17, "containerd")))
            .WithBinary("containerd-shim-runc-v2", BinarySource.FromFile(Path.Combine(Containerd17, "containerd-shim-runc-v2")))
            .WithBinary("etcd", BinarySource.FromFile(Etcd35))
            .Build();
        var transport = new FaultInjectingConnectionFactory(new SshConnectionFactory());
        var manager = new ClusterManagerBuilder().UsePkiDirectory(_dir.Combine("pki")).UseConnections(transport).Build();

        // ---- day 1 on containerd 1.6 / etcd 3.4, and a Deployment of 2 pause pods, one per worker, under a budget.
        var applied = await manager.ApplyAsync(current);
        var k = await Kubectl.ForAdminAsync(applied, _dir.Combine("admin.kubeconfig"), output);
        foreach (var w in Workers) await k.WaitNodeReadyAsync(w, Patience);
        await k.ApplyAsync(Deployment + Budget);
        foreach (var w in Workers) await WaitPodOnAsync(k, w);
        var podsBefore = (await k.RunAsync(["get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].metadata.uid}"])).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        output.WriteLine($"day 1 on containerd {containerdBefore}, etcd {etcdBefore} ({total.Elapsed.TotalSeconds:0} s)");
        foreach (var w in Workers) Assert.Contains(containerdBefore, await RunningBinaryVersionAsync(tb, w, "containerd"), StringComparison.Ordinal);

        // ---- the plan: reads only.
        var plan = await manager.PlanUpgradeAsync(current, target);
        output.WriteLine(plan.ToString());
        Assert.True(plan.IsSafe, plan.ToString());
        Assert.Equal(["master", "node-1", "node-2"], plan.Steps.Select(s => s.Node));
        Assert.All(plan.Steps, s => Assert.False(s.UpToDate));
        Assert.Equal([false, true, true], plan.Steps.Select(s => s.Drain));
        foreach (var w in Workers) Assert.Contains(containerdBefore, await RunningBinaryVersionAsync(tb, w, "containerd"), StringComparison.Ordinal);

        // ---- the upgrade, with the API polled throughout.
        using var api = await manager.ConnectKubernetesAsync(current);
        var events = new ConcurrentQueue<UpgradeEvent>();
        var poller = new SchedulingPoller(api);
        var polling = poller.RunAsync();
        ClusterUpgradeResult result;
        try
        {
            result = await manager.UpgradeAsync(current, target, new SyncProgress<UpgradeEvent>(events.Enqueue));
        }
        finally
        {
            await poller.StopAsync(polling);
        }

        foreach (var e in events) output.WriteLine("  " + e);
        foreach (var n in result.Nodes) output.WriteLine("  " + n);
        output.WriteLine($"upgrade: {result.Duration.TotalSeconds:0.0} s, {poller.Samples.Count} API samples ({total.Elapsed.TotalSeconds:0} s)");

        // Judged on the hosts: every worker's containerd process runs the 1.7 binary, the master's etcd the 3.5 one.
        var startedAt = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var w in Workers)
        {
            Assert.Contains(containerdAfter, await RunningBinaryVersionAsync(tb, w, "containerd"), StringComparison.Ordinal);
            startedAt[w] = await StartSecondsAsync(tb, w, "containerd");
        }

        Assert.Contains($"Version: {etcdAfter}", await RunningBinaryVersionAsync(tb, "master", "etcd"), StringComparison.Ordinal);
        Assert.Equal(["master"], result.Etcd!.Members.Select(m => m.Member));
        Assert.StartsWith("3.5.", result.Etcd.Members[0].After, StringComparison.Ordinal);

        // Judged from the API samples: never two workers unschedulable at once; each worker was unschedulable in the
        // last sample taken before its new containerd started and in the first one taken after; the budget held (a
        // web pod Running in every sample).
        var samples = poller.Samples.ToList();
        Assert.DoesNotContain(samples, s => s.Unschedulable.Count > 1);
        foreach (var w in Workers)
        {
            var last = samples.LastOrDefault(s => s.After <= startedAt[w]);
            var next = samples.FirstOrDefault(s => s.Before >= startedAt[w]);
            Assert.True(last is not null && next is not null, $"{w}: containerd started at {startedAt[w]:0.00} s outside the polled window");
            Assert.True(last.Unschedulable.Contains(w) && next.Unschedulable.Contains(w),
                $"{w}: containerd started at {startedAt[w]:0.00} s; sample before: {last}; sample after: {next}");
            Assert.Contains(samples, s => s.Unschedulable.SetEquals([w]));
        }

        Assert.DoesNotContain(samples, s => s.RunningWebPods < 1);

        // Judged from the API afterwards: both nodes Ready, schedulable, unmarked, reporting containerd 1.7; the
        // original pods were evicted and two replacements run.
        foreach (var w in Workers)
        {
            await k.WaitNodeReadyAsync(w, Patience);
            Assert.Equal("", await k.RunAsync(["get", "node", w, "-o", "jsonpath={.spec.unschedulable}"]));
            Assert.DoesNotContain(ClusterUpgrade.CordonedAnnotation, await k.RunAsync(["get", "node", w, "-o", "jsonpath={.metadata.annotations}"]), StringComparison.Ordinal);
            Assert.Contains(containerdAfter, await k.RunAsync(["get", "node", w, "-o", "jsonpath={.status.nodeInfo.containerRuntimeVersion}"]), StringComparison.Ordinal);
        }

        await k.WaitAsync(["get", "pods", "-l", "app=web", "--field-selector", "status.phase=Running", "-o", "jsonpath={.items[*].metadata.uid}"],
            o => o.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: 2 } uids && !uids.Intersect(podsBefore).Any(), Patience);
        Assert.Equal(2, result.Nodes.Where(n => n.Kind == UpgradeNodeKind.Worker).Sum(n => n.Evicted.Count));

        // ---- run again: nothing to do, no process restarted.
        var pids = await PidsAsync(tb);
        var again = await manager.UpgradeAsync(current, target);
        foreach (var n in again.Nodes) output.WriteLine("  again: " + n);
        Assert.True(again.NothingChanged);
        Assert.Equal(pids, await PidsAsync(tb));

        // ---- an upgrade interrupted after node-1's cordon (its mark and cordon, as the upgrade leaves them): the next
        // run finds it and uncordons it, restarting nothing.
        await k.RunAsync(["annotate", "node", "node-1", ClusterUpgrade.CordonedAnnotation + "=true"]);
        await k.RunAsync(["cordon", "node-1"]);
        var resumed = await manager.UpgradeAsync(current, target);
        foreach (var n in resumed.Nodes) output.WriteLine("  resumed: " + n);
        Assert.Equal("node-1", resumed.Plan.Steps.First(s => s.Kind == UpgradeNodeKind.Worker).Node);
        Assert.Equal([("node-1", false, 0)], resumed.Nodes.Where(n => !n.Skipped).Select(n => (n.Node, n.Skipped, n.Changes)));
        Assert.Equal("", await k.RunAsync(["get", "node", "node-1", "-o", "jsonpath={.spec.unschedulable}"]));
        Assert.Equal(pids, await PidsAsync(tb));

        // ---- a downgrade back to containerd 1.6: refused before any host is contacted, naming the field.
        var downgrade = ClusterBuilder.From(target).WithVersions(v => v with { Containerd = containerdBefore })
            .WithBinary("containerd", BinarySource.OnHostAt("/usr/bin/containerd")).Build();
        transport.Recording = true;
        var refused = await Assert.ThrowsAsync<UnsafeUpgradeException>(() => manager.UpgradeAsync(target, downgrade));
        transport.Recording = false;
        output.WriteLine(refused.Message);
        Assert.Contains("versions.containerd", refused.Message, StringComparison.Ordinal);
        Assert.Contains("downgrade", refused.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", refused.Message, StringComparison.Ordinal);
        Assert.Empty(transport.Steps);
        Assert.Equal(pids, await PidsAsync(tb));
        output.WriteLine($"total {total.Elapsed.TotalSeconds:0} s");
    }

    private static string VersionOf(string text) =>
        Semver().Match(text) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"no version in '{text.Trim()}'");

    private static async Task<string> LocalVersionAsync(string binary)
    {
        using var p = Process.Start(new ProcessStartInfo(binary, "--version") { RedirectStandardOutput = true, UseShellExecute = false })
            ?? throw new InvalidOperationException($"{binary} did not start");
        var stdout = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return p.ExitCode == 0 ? stdout : throw new InvalidOperationException($"{binary} --version exited {p.ExitCode}");
    }

    /// <summary>The version printed by the binary the running process was started from (<c>/proc/PID/exe</c>).</summary>
    private static async Task<string> RunningBinaryVersionAsync(Testbed tb, string host, string process) =>
        (await tb[host].ExecAsync($"/proc/$(pidof -s {process})/exe --version")).EnsureSuccess($"{host}: {process} --version").StdOut;

    /// <summary>The process's start on the kernel's boot clock, in seconds (/proc/PID/stat field 22, clock ticks).</summary>
    private static async Task<double> StartSecondsAsync(Testbed tb, string host, string process)
    {
        var r = (await tb[host].ExecAsync($"cut -d' ' -f22 /proc/$(pidof -s {process})/stat; getconf CLK_TCK")).EnsureSuccess("stat").StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return double.Parse(r[0], CultureInfo.InvariantCulture) / double.Parse(r[1], CultureInfo.InvariantCulture);
    }

    private static Task<Dictionary<string, string>> PidsAsync(Testbed tb) => ProcessIds.ReadAsync(tb,
        ("master", ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"]), ("node-1", ["containerd", "kubelet", "kube-proxy"]), ("node-2", ["containerd", "kubelet", "kube-proxy"]));

    private static async Task WaitPodOnAsync(Kubectl k, string node) =>
        await k.WaitAsync(["get", "pods", "-l", "app=web", "--field-selector", $"spec.nodeName={node},status.phase=Running", "-o", "jsonpath={.items[0].metadata.name}"],
            o => o.Trim().Length > 0, Patience);

    /// <summary>Two pause pods, one per node (a replacement waits for its node while that node is cordoned).</summary>
    private static readonly string Deployment = $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: web, namespace: default }
        spec:
          replicas: 2
          selector: { matchLabels: { app: web } }
          template:
            metadata: { labels: { app: web } }
            spec:
              terminationGracePeriodSeconds: 1
              topologySpreadConstraints:
              - { maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule, labelSelector: { matchLabels: { app: web } } }
              containers:
              - { name: pause, image: {{ContainerImages.PauseImage}}, imagePullPolicy: Never }
        ---

        """;

    private const string Budget = """
        apiVersion: policy/v1beta1
        kind: PodDisruptionBudget
        metadata: { name: web, namespace: default }
        spec:
          minAvailable: 1
          selector: { matchLabels: { app: web } }

        """;

    /// <summary>One read of the API: the unschedulable workers and the Running web pods, between two readings of the boot clock.</summary>
    private sealed record Sample(double Before, double After, HashSet<string> Unschedulable, int RunningWebPods)
    {
        public override string ToString() => $"[{Before:0.00}–{After:0.00} s] unschedulable: {string.Join(",", Unschedulable)}; web Running: {RunningWebPods}";
    }

    /// <summary>Reads the Nodes and web pods through the API in a loop until stopped.</summary>
    private sealed class SchedulingPoller(IKubernetes api)
    {
        private readonly CancellationTokenSource _stop = new();

        public ConcurrentQueue<Sample> Samples { get; } = new();

        public Task RunAsync() => Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    var before = BootSeconds();
                    var nodes = await api.CoreV1.ListNodeAsync(cancellationToken: _stop.Token);
                    var pods = await api.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=web", cancellationToken: _stop.Token);
                    var after = BootSeconds();
                    Samples.Enqueue(new Sample(before, after,
                        nodes.Items.Where(n => n.Spec?.Unschedulable == true).Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal),
                        pods.Items.Count(p => p.Status?.Phase == "Running" && p.Metadata.DeletionTimestamp is null)));
                    await Task.Delay(200, _stop.Token);
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (HttpRequestException)
                {
                    // A failed read is no sample.
                }
            }
        });

        public async Task StopAsync(Task running)
        {
            await _stop.CancelAsync();
            await running;
            _stop.Dispose();
        }

        /// <summary>CLOCK_BOOTTIME in seconds, the clock of /proc/PID/stat's start time.</summary>
        private static double BootSeconds() =>
            double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
