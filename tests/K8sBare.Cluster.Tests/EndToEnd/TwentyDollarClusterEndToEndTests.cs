using System.Diagnostics;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Artifacts;
using K8sBare.Cluster.Planning;
using K8sBare.Testing;
using K8sBare.Testing.Testbed;
using Xunit.Abstractions;

namespace K8sBare.Cluster.Tests.EndToEnd;

/// <summary>
/// The $20 cluster applied to real hosts: master (systemd), node-1 (systemd), node-2 (OpenRC), over SSH.
/// etcd is this machine's /usr/bin/etcd uploaded by the binaries phase; Kubernetes binaries are not
/// obtainable here, so those services are installed, enabled and reported as not started.
/// </summary>
[Collection(TestbedCollections.Cluster)]
public sealed class TwentyDollarClusterEndToEndTests(ClusterTestbedFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<ApplyResult> ApplyAsync(ClusterSpec spec, ApplyOptions? options = null, CancellationToken ct = default) =>
        new ClusterApplier(new SshConnectionFactory()).ApplyAsync(spec, options ?? new ApplyOptions { PkiDirectory = _dir.Combine("pki") }, ct);

    [RequiresFact("systemd-nspawn", "debootstrap", "etcd", Root = true)]
    public async Task Applies_the_twenty_dollar_cluster_and_a_second_apply_changes_nothing()
    {
        var tb = fixture.Testbed;
        var spec = TestbedSpecs.Twenty(tb);

        var first = await ApplyAsync(spec);
        output.WriteLine($"first apply: {first.Changes.Count} changes in {first.Duration.TotalMilliseconds:0} ms");
        foreach (var n in first.NotStarted) output.WriteLine(n.ToString());
        foreach (var w in first.Warnings) output.WriteLine("warning: " + w);
        var artifacts = first.Artifacts!;

        await AssertFilesInPlaceAsync(tb, artifacts);
        await AssertNoSecretsOnWorkersAsync(tb);
        await AssertServicesEnabledAsync(tb, artifacts);

        // etcd runs for real under systemd with the generated certificates and is healthy.
        var master = tb["master"];
        (await master.ExecAsync("systemctl is-active etcd")).EnsureSuccess("etcd active");
        var health = await master.ExecAsync(Etcdctl(master.Address, "endpoint health"));
        Assert.True(health.ExitCode == 0, health.StdOut + health.StdErr);
        Assert.Contains("is healthy", health.StdOut + health.StdErr, StringComparison.Ordinal);

        // flannel's network config is readable from etcd.
        var config = await master.ExecAsync(Etcdctl(master.Address, "get /coreos.com/network/config --print-value-only"));
        config.EnsureSuccess("etcdctl get");
        Assert.Contains("\"Network\": \"10.200.0.0/16\"", config.StdOut.Replace("\":\"", "\": \"", StringComparison.Ordinal), StringComparison.Ordinal);

        // Components without binaries are installed but reported, never faked.
        foreach (var (host, svc) in new[] { ("master", "kube-apiserver"), ("master", "kube-controller-manager"), ("master", "kube-scheduler"), ("node-1", "kubelet"), ("node-2", "kubelet"), ("node-1", "kube-proxy"), ("node-2", "flanneld"), ("node-1", "coredns") })
            Assert.Contains(first.NotStarted, n => n.Host == host && n.Service == svc && n.Reason.StartsWith("binary missing", StringComparison.Ordinal));
        Assert.DoesNotContain(first.NotStarted, n => n.Service == "etcd");

        // containerd runs on the workers (the hosts' containerd package, linked to /usr/local/bin).
        var c1 = await tb["node-1"].ExecAsync("systemctl is-active containerd");
        var c2 = await tb["node-2"].ExecAsync("rc-service containerd status");
        output.WriteLine($"containerd node-1: {c1.StdOut.Trim()} {c1.StdErr.Trim()}; node-2: {c2.StdOut.Trim()} {c2.StdErr.Trim()}");
        if (c2.ExitCode != 0)
        {
            var diag = await tb["node-2"].ExecAsync("tail -n 40 /var/log/containerd.log; cat /etc/init.d/containerd; rc-service containerd start; echo rc=$?; sleep 2; rc-service containerd status; tail -n 20 /var/log/containerd.log");
            output.WriteLine(diag.StdOut + diag.StdErr);
        }

        // Planning against the live hosts now finds nothing to do (services without binaries stay "blocked").
        var plan = await new ClusterPlanner(new SshConnectionFactory()).PlanAsync(spec, _dir.Combine("pki"));
        output.WriteLine(plan.ToTable());
        Assert.True(plan.IsEmpty, plan.ToTable());
        Assert.Contains(plan["node-1"].Services, x => x.Name == "kubelet" && x.Change == PlannedChange.Blocked);
        Assert.Contains(plan["master"].Services, x => x.Name == "etcd" && x.Change == PlannedChange.Unchanged);

        // A second apply changes nothing and restarts nothing.
        var sw = Stopwatch.StartNew();
        var second = await ApplyAsync(spec);
        output.WriteLine($"second apply: {second.Changes.Count} changes, {second.Restarts} restarts, {sw.ElapsedMilliseconds} ms (result duration {second.Duration.TotalMilliseconds:0} ms)");
        foreach (var e in second.Events.Where(e => e.Duration > TimeSpan.FromMilliseconds(100) || (e.Host is null && e.Step == "phase" && e.State != ApplyEventState.Started))) output.WriteLine("  timing: " + e);
        Assert.True(second.Changes.Count == 0, string.Join("\n", second.Changes));
        Assert.Equal(0, second.Restarts);

        Assert.Equal(0, c1.ExitCode);
        Assert.Equal(0, c2.ExitCode);
    }

    [RequiresFact("systemd-nspawn", "debootstrap", "etcd", Root = true)]
    public async Task An_apply_cancelled_during_the_files_phase_converges_when_run_again()
    {
        var tb = fixture.Testbed;
        var spec = TestbedSpecs.Twenty(tb);
        var pki = _dir.Combine("pki");
        await ApplyAsync(spec, new ApplyOptions { PkiDirectory = pki });

        // Drift: a changed etcd unit on the master and missing configs on the workers.
        (await tb["master"].ExecAsync("echo '# drift' >> /etc/systemd/system/etcd.service")).EnsureSuccess("drift");
        (await tb["node-1"].ExecAsync("rm -f /etc/containerd/config.toml /var/lib/kubelet/config.yaml")).EnsureSuccess("drift");
        (await tb["node-2"].ExecAsync("rm -f /etc/containerd/config.toml /etc/coredns/Corefile")).EnsureSuccess("drift");

        // The plan sees the drift (and changes nothing).
        var plan = await new ClusterPlanner(new SshConnectionFactory()).PlanAsync(spec, pki);
        Assert.Equal(["master", "node-1", "node-2"], plan.HostsWithChanges);
        Assert.Contains(plan["master"].Files, f => f.Path == "/etc/systemd/system/etcd.service" && f.Change == PlannedChange.Change);
        Assert.Contains(plan["master"].Services, x => x.Name == "etcd" && x.Change == PlannedChange.Change);
        Assert.Contains(plan["node-1"].Files, f => f.Path == "/etc/containerd/config.toml" && f.Change == PlannedChange.Create);
        Assert.Contains("# drift", (await tb["master"].ExecAsync("cat /etc/systemd/system/etcd.service")).StdOut, StringComparison.Ordinal);

        // Cut the apply as soon as the first host finished its files step (hosts one at a time).
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(e =>
        {
            if (e.Phase == ApplyPhase.Files && e.Host is not null && e.State == ApplyEventState.Changed) cts.Cancel();
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ApplyAsync(spec, new ApplyOptions { PkiDirectory = pki, Progress = progress, MaxParallelHosts = 1 }, cts.Token));
        // Cut mid-phase: the master (first host) was rewritten, node-1 was not reached.
        Assert.DoesNotContain("# drift", (await tb["master"].ExecAsync("cat /etc/systemd/system/etcd.service")).StdOut, StringComparison.Ordinal);
        Assert.NotEqual(0, (await tb["node-1"].ExecAsync("test -e /etc/containerd/config.toml")).ExitCode);

        var resumed = await ApplyAsync(spec, new ApplyOptions { PkiDirectory = pki });
        output.WriteLine("resumed: " + string.Join("; ", resumed.Changes.Select(c => $"{c.Host} {c.Kind} {c.Target}")));
        Assert.Contains(resumed.Changes, c => c.Host == "master" && c.Kind == ChangeKind.ServiceRestarted && c.Target == "etcd");
        Assert.Contains(resumed.Changes, c => c.Host == "node-1" && c.Target == "/etc/containerd/config.toml");
        Assert.Contains(resumed.Changes, c => c.Host == "node-2" && c.Target == "/etc/coredns/Corefile");
        Assert.DoesNotContain("# drift", (await tb["master"].ExecAsync("cat /etc/systemd/system/etcd.service")).StdOut, StringComparison.Ordinal);

        var settled = await ApplyAsync(spec, new ApplyOptions { PkiDirectory = pki });
        Assert.True(settled.Changes.Count == 0, string.Join("\n", settled.Changes));
    }

    private static string Etcdctl(string address, string args) =>
        $"ETCDCTL_API=3 etcdctl --endpoints=https://{address}:2379 --cacert=/etc/etcd/ca.pem --cert=/etc/etcd/etcdctl.pem --key=/etc/etcd/etcdctl-key.pem {args}";

    private static async Task AssertFilesInPlaceAsync(Testbed tb, ClusterArtifacts artifacts)
    {
        foreach (var host in artifacts.Hosts)
        {
            var script = string.Join("; ", host.Files.Select(f => $"stat -c '%n|%a|%U:%G' {f.Path}; sha256sum {f.Path}"));
            var r = await tb[host.Name].ExecAsync(script);
            Assert.True(r.ExitCode == 0, $"{host.Name}: {r.StdErr}");
            var lines = r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            foreach (var f in host.Files)
            {
                Assert.Contains($"{f.Path}|{f.ModeOctal.TrimStart('0')}|{f.Owner}", lines);
                Assert.Contains($"{f.Sha256}  {f.Path}", lines);
            }
        }
    }

    private async Task AssertNoSecretsOnWorkersAsync(Testbed tb)
    {
        var pki = _dir.Combine("pki");
        var keys = new[] { "ca.key", "etcd/ca.key", "front-proxy-ca.key", "apiserver.key" }
            .Select(k => File.ReadAllLines(Path.Combine(pki, k))[1]).ToList();
        foreach (var worker in new[] { "node-1", "node-2" })
            foreach (var line in keys)
            {
                var r = await tb[worker].ExecAsync($"grep -rlF -- '{line}' /etc /var/lib /opt /root /usr/local 2>/dev/null");
                Assert.True(r.ExitCode == 1 && r.StdOut.Length == 0, $"{worker} holds a CA or apiserver key: {r.StdOut}");
            }

        // The same search finds the cluster CA key where it belongs (the controller-manager signs with it).
        var master = await tb["master"].ExecAsync($"grep -rlF -- '{keys[0]}' /var/lib/kubernetes");
        Assert.Contains("/var/lib/kubernetes/ca-key.pem", master.StdOut, StringComparison.Ordinal);
    }

    private static async Task AssertServicesEnabledAsync(Testbed tb, ClusterArtifacts artifacts)
    {
        foreach (var host in artifacts.Hosts)
        {
            var names = host.Services.Select(s => s.Name).ToList();
            if (host.Node.InitSystem == InitSystem.Systemd)
            {
                var r = await tb[host.Name].ExecAsync("systemctl is-enabled " + string.Join(' ', names));
                Assert.Equal(names.Select(_ => "enabled"), r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
            }
            else
            {
                var r = await tb[host.Name].ExecAsync("rc-update show default");
                foreach (var n in names) Assert.Matches($"(?m)^\\s*{n}\\s*\\|", r.StdOut);
                foreach (var n in names) Assert.Equal(0, (await tb[host.Name].ExecAsync($"test -x /etc/init.d/{n}")).ExitCode);
            }
        }
    }

    private sealed class SyncProgress(Action<ApplyEvent> onEvent) : IProgress<ApplyEvent>
    {
        public void Report(ApplyEvent value) => onEvent(value);
    }
}
