using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Artifacts;
using K8sBare.Cluster.Planning;
using K8sBare.Cluster.Tests.Support;
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

    // Issue 14 §7: the topology declares the containerd the hosts really run. Oracle: dpkg's record of the installed
    // containerd package on each worker, independent of the binary the helper asks.
    [RequiresFact("systemd-nspawn", "debootstrap", "etcd", Root = true)]
    public async Task The_topology_declares_the_containerd_version_the_hosts_run()
    {
        var tb = fixture.Testbed;
        var declared = TestbedSpecs.Twenty(tb, await TestbedSpecs.HostContainerdVersionAsync(tb)).Versions.Containerd;
        foreach (var name in new[] { "node-1", "node-2" })
        {
            var package = (await tb[name].ExecAsync("dpkg-query -W -f '${Version}' containerd")).EnsureSuccess($"{name}: dpkg-query").StdOut.Trim();
            output.WriteLine($"{name}: containerd package {package}, declared {declared}");
            // Debian versions read "1.7.24~ds1-6+b3": the upstream version is the part before '~' or '-'.
            Assert.Equal(package.Split('~', '-')[0], declared);
        }
    }

    [RequiresFact("systemd-nspawn", "debootstrap", "etcd", Root = true)]
    public async Task Applies_the_twenty_dollar_cluster_and_a_second_apply_changes_nothing()
    {
        var tb = fixture.Testbed;
        var spec = TestbedSpecs.Twenty(tb, await TestbedSpecs.HostContainerdVersionAsync(tb));

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

        // etcd runs with auth on, least privilege: the health-check identity reads no key, and flannel's certificate
        // (taken from a worker) reads its network config but nothing under /registry.
        var asHealthCheck = await master.ExecAsync(Etcdctl(master.Address, "get /coreos.com/network/config"));
        Assert.True(asHealthCheck.ExitCode != 0 && (asHealthCheck.StdErr + asHealthCheck.StdOut).Contains("permission denied", StringComparison.Ordinal),
            asHealthCheck.StdOut + asHealthCheck.StdErr);
        var flannelPki = _dir.Combine("flannel-from-node-1");
        Directory.CreateDirectory(flannelPki);
        foreach (var (remote, local) in new[] { ("/var/lib/kubernetes/etcd-ca.pem", "ca.pem"), ("/var/lib/kubernetes/flanneld/flanneld-etcd.pem", "cert.pem"),
                     ("/var/lib/kubernetes/flanneld/flanneld-etcd-key.pem", "key.pem") })
            await File.WriteAllTextAsync(Path.Combine(flannelPki, local), (await tb["node-1"].ExecAsync("cat " + remote)).EnsureSuccess("cat " + remote).StdOut);
        Task<ToolResult> AsFlannel(params string[] args) => ProcessRunner.RunAsync("etcdctl",
            [$"--endpoints=https://{master.Address}:2379", $"--cacert={flannelPki}/ca.pem", $"--cert={flannelPki}/cert.pem", $"--key={flannelPki}/key.pem", .. args],
            env: new Dictionary<string, string> { ["ETCDCTL_API"] = "3" });
        var config = (await AsFlannel("get", "/coreos.com/network/config", "--print-value-only")).EnsureSuccess("etcdctl get as flanneld");
        Assert.Contains("\"Network\": \"10.200.0.0/16\"", config.StdOut.Replace("\":\"", "\": \"", StringComparison.Ordinal), StringComparison.Ordinal);
        var secrets = await AsFlannel("get", "/registry/secrets/", "--prefix");
        Assert.True(secrets.ExitCode != 0 && (secrets.StdErr + secrets.StdOut).Contains("permission denied", StringComparison.Ordinal), secrets.StdOut + secrets.StdErr);
        Assert.Contains(first.Changes, c => c.Kind == ChangeKind.EtcdAccessChanged && c.Target == "authentication enabled");

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
            var diag = await tb["node-2"].ExecAsync("tail -n 40 /var/log/containerd.log; cat /etc/init.d/containerd");
            output.WriteLine(diag.StdOut + diag.StdErr);
        }

        // Planning against the live hosts now finds nothing to do (services without binaries stay "blocked").
        var plan = await new ClusterPlanner(new SshConnectionFactory()).PlanAsync(spec, _dir.Combine("pki"));
        output.WriteLine(plan.ToTable());
        Assert.True(plan.IsEmpty, plan.ToTable());
        Assert.Contains(plan["node-1"].Services, x => x.Name == "kubelet" && x.Change == PlannedChange.Blocked);
        Assert.Contains(plan["master"].Services, x => x.Name == "etcd" && x.Change == PlannedChange.Unchanged);

        // A second apply changes nothing and restarts nothing — judged from the hosts, not from what the apply reports:
        // every file keeps its inode, mtime and hash, every running service keeps its pid and start time.
        var before = await HostState.CaptureAsync(tb, artifacts);
        Assert.True(before.IsRunning("master", "etcd"), string.Join("\n", before.Services));
        Assert.True(before.IsRunning("node-1", "containerd"), string.Join("\n", before.Services));
        Assert.True(before.IsRunning("node-2", "containerd"), string.Join("\n", before.Services));
        var second = await ApplyAsync(spec);
        output.WriteLine($"second apply: {second.Changes.Count} changes, {second.Restarts} restarts (result duration {second.Duration.TotalMilliseconds:0} ms)");
        foreach (var e in second.Events.Where(e => e.Duration > TimeSpan.FromMilliseconds(100) || (e.Host is null && e.Step == "phase" && e.State != ApplyEventState.Started))) output.WriteLine("  timing: " + e);
        var after = await HostState.CaptureAsync(tb, artifacts);
        AssertQuiet(before, after);
        // What the product reports agrees with the hosts.
        Assert.True(second.Changes.Count == 0, string.Join("\n", second.Changes));
        Assert.Empty(second.ServiceRestarts);

        Assert.Equal(0, c1.ExitCode);
        Assert.Equal(0, c2.ExitCode);
    }

    /// <summary>The services the drift below touches; each must be restarted (new pid) once the apply converges.</summary>
    private static readonly string[] DriftedServices = ["master/etcd", "node-1/containerd", "node-2/containerd"];

    /// <summary>A changed etcd unit on the master and missing configs on the workers.</summary>
    private static async Task DriftAsync(Testbed tb)
    {
        (await tb["master"].ExecAsync("echo '# drift' >> /etc/systemd/system/etcd.service")).EnsureSuccess("drift");
        (await tb["node-1"].ExecAsync("rm -f /etc/containerd/config.toml /var/lib/kubelet/config.yaml")).EnsureSuccess("drift");
        (await tb["node-2"].ExecAsync("rm -f /etc/containerd/config.toml /etc/coredns/Corefile")).EnsureSuccess("drift");
    }

    [RequiresFact("systemd-nspawn", "debootstrap", "etcd", Root = true)]
    public async Task An_apply_cut_at_every_step_of_the_files_phase_converges_when_run_again()
    {
        var tb = fixture.Testbed;
        var spec = TestbedSpecs.Twenty(tb, await TestbedSpecs.HostContainerdVersionAsync(tb));
        var pki = _dir.Combine("pki");
        var artifacts = (await ApplyAsync(spec, new ApplyOptions { PkiDirectory = pki })).Artifacts!;

        await DriftAsync(tb);
        // The plan sees the drift (and changes nothing).
        var plan = await new ClusterPlanner(new SshConnectionFactory()).PlanAsync(spec, pki);
        Assert.Equal(["master", "node-1", "node-2"], plan.HostsWithChanges);
        Assert.Contains(plan["master"].Files, f => f.Path == "/etc/systemd/system/etcd.service" && f.Change == PlannedChange.Change);
        Assert.Contains(plan["master"].Services, x => x.Name == "etcd" && x.Change == PlannedChange.Change);
        Assert.Contains(plan["node-1"].Files, f => f.Path == "/etc/containerd/config.toml" && f.Change == PlannedChange.Create);
        Assert.Contains("# drift", (await tb["master"].ExecAsync("cat /etc/systemd/system/etcd.service")).StdOut, StringComparison.Ordinal);

        // An uncut run with the drift in place records the files phase's steps (hosts one at a time: a repeatable order)
        // and converges like any other apply.
        var faults = new FaultInjectingConnectionFactory(new SshConnectionFactory());
        var beforeLearn = await HostState.CaptureAsync(tb, artifacts);
        await CutApplyAsync(faults, spec, pki, null);
        var steps = faults.Steps;
        output.WriteLine($"files phase: {steps.Count} steps");
        foreach (var st in steps) output.WriteLine("  " + st);
        await AssertConvergedAsync(tb, artifacts, beforeLearn, DriftedServices);
        // The marker write and the file batch are separate steps on every host, and some batch has several files.
        foreach (var host in new[] { "master", "node-1", "node-2" })
            Assert.True(steps.Count(x => x.Host == host && x.Operation == "write-batch") >= 2, $"{host}: expected a marker write and a file batch");
        Assert.Contains(steps, x => x.Operation == "write-batch" && x.BatchSize >= 2 && !x.Detail.Contains("/restart/", StringComparison.Ordinal));

        // The cut points: before every step (the run stops between the previous step and this one) and inside every
        // write batch after each of its files. With K8SBARE_CUT_SEED set, a seeded sample of them (repeatable).
        var points = steps.Select(x => (x.Index, (int?)null))
            .Concat(steps.Where(x => x.Operation == "write-batch" && x.BatchSize >= 2)
                .SelectMany(x => Enumerable.Range(1, x.BatchSize - 1).Select(n => (x.Index, (int?)n))))
            .ToList();
        if (int.TryParse(Environment.GetEnvironmentVariable("K8SBARE_CUT_SEED"), out var seed))
        {
            var rng = new Random(seed);
            points = points.Where(_ => rng.Next(3) == 0).ToList();
            output.WriteLine($"seed {seed}: {points.Count} cut points");
        }

        var reviewedOnce = false;
        foreach (var (step, files) in points)
        {
            await DriftAsync(tb);
            var beforeCut = await HostState.CaptureAsync(tb, artifacts);
            using var cts = new CancellationTokenSource();
            faults.Reset();
            faults.Cut = new CutPoint(step, cts, files);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CutApplyAsync(faults, spec, pki, cts.Token));
            // The cut landed on the planned step (the same step sequence as the learning run).
            Assert.Equal(steps[step], faults.CutAt);
            output.WriteLine($"cut {faults.Cut}: {faults.CutAt}");

            var afterCut = await HostState.CaptureAsync(tb, artifacts);
            if (!reviewedOnce && afterCut.RestartMarkers.Count > 0)
            {
                // The cut apply's restart markers show in the next plan, and the reviewed plan is what runs.
                reviewedOnce = true;
                var pending = await new ClusterPlanner(new SshConnectionFactory()).PlanAsync(spec, pki);
                output.WriteLine(pending.ToTable());
                foreach (var marker in afterCut.RestartMarkers)
                {
                    var (host, service) = (marker[..marker.IndexOf(':')], marker[(marker.LastIndexOf('/') + 1)..]);
                    Assert.Contains(pending.Steps, x => x.Host == host && x.Target == service
                        && x.Kind is ChangeKind.ServiceRestarted or ChangeKind.ServiceStarted or ChangeKind.ServiceNotStarted);
                }

                Assert.Contains(pending.Steps, x => x.Kind == ChangeKind.ServiceRestarted && x.Reason.Contains("restart pending", StringComparison.Ordinal));
                var resumed = await new ClusterApplier(new SshConnectionFactory()).ApplyAsync(pending, new ApplyOptions { PkiDirectory = pki });
                Assert.Equal(pending.Steps.Where(x => x.IsChange).Select(x => $"{x.Host} {x.Kind} {x.Target}").Order(StringComparer.Ordinal),
                    resumed.Changes.Select(c => $"{c.Host} {c.Kind} {c.Target}").Order(StringComparer.Ordinal));
            }
            else
            {
                await ApplyAsync(spec, new ApplyOptions { PkiDirectory = pki });
            }

            await AssertConvergedAsync(tb, artifacts, beforeCut, DriftedServices, $"after a cut {faults.Cut} ({faults.CutAt})");
        }

        if (seed == 0) Assert.True(reviewedOnce, "no cut left a restart marker to plan");

        // Converged means the next apply is quiet on the hosts.
        var settledBefore = await HostState.CaptureAsync(tb, artifacts);
        await ApplyAsync(spec, new ApplyOptions { PkiDirectory = pki });
        AssertQuiet(settledBefore, await HostState.CaptureAsync(tb, artifacts));
    }

    /// <summary>
    /// Kind "self-reported outcome", the mutation check: a product that restarts etcd and rewrites its unit without saying
    /// so passes the old assertions (no changes, no restarts reported) and fails the host oracle.
    /// </summary>
    [RequiresFact("systemd-nspawn", "debootstrap", "etcd", Root = true)]
    public async Task The_host_oracle_catches_a_restart_and_a_rewrite_the_apply_does_not_report()
    {
        var tb = fixture.Testbed;
        var spec = TestbedSpecs.Twenty(tb, await TestbedSpecs.HostContainerdVersionAsync(tb));
        var pki = _dir.Combine("pki");
        var artifacts = (await ApplyAsync(spec, new ApplyOptions { PkiDirectory = pki })).Artifacts!;
        var before = await HostState.CaptureAsync(tb, artifacts);

        var faults = new FaultInjectingConnectionFactory(new SshConnectionFactory());
        var tampered = 0;
        faults.BeforeStep = async (host, _, real, ct) =>
        {
            if (host != "master" || Interlocked.Exchange(ref tampered, 1) != 0) return;
            await real.RunAsync("systemctl restart etcd && f=/etc/systemd/system/etcd.service && cp -p $f $f.x && mv $f.x $f", cancellationToken: ct);
        };
        var broken = await new ClusterApplier(faults).ApplyAsync(spec, new ApplyOptions { PkiDirectory = pki });
        var after = await HostState.CaptureAsync(tb, artifacts);

        // The old assertions pass on this broken product…
        Assert.True(broken.Changes.Count == 0, string.Join("\n", broken.Changes));
        Assert.Equal(0, broken.Restarts);
        // …the host oracle does not.
        Assert.Contains(after.ServicesChangedSince(before), x => x.StartsWith("master/etcd:", StringComparison.Ordinal));
        Assert.Contains(after.FilesChangedSince(before), x => x.StartsWith("master:/etc/systemd/system/etcd.service:", StringComparison.Ordinal));
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertQuiet(before, after));
    }

    /// <summary>
    /// Kind "self-reported outcome" for convergence, the mutation check: a product that reports a file it never wrote
    /// passes the old assertion (the change list names the file) and fails the host check (hash against the artifact).
    /// </summary>
    [RequiresFact("systemd-nspawn", "debootstrap", "etcd", Root = true)]
    public async Task The_host_oracle_catches_a_file_the_apply_reports_but_never_wrote()
    {
        var tb = fixture.Testbed;
        var spec = TestbedSpecs.Twenty(tb, await TestbedSpecs.HostContainerdVersionAsync(tb));
        var pki = _dir.Combine("pki");
        var artifacts = (await ApplyAsync(spec, new ApplyOptions { PkiDirectory = pki })).Artifacts!;
        await DriftAsync(tb);
        var beforeResume = await HostState.CaptureAsync(tb, artifacts);

        var faults = new FaultInjectingConnectionFactory(new SshConnectionFactory())
        {
            AlterBatch = (host, files) => host == "node-1" ? files.Where(f => f.Path != "/etc/containerd/config.toml").ToList() : files,
        };
        var resumed = await new ClusterApplier(faults).ApplyAsync(spec, new ApplyOptions { PkiDirectory = pki });

        // The old assertion passes on this broken product…
        Assert.Contains(resumed.Changes, c => c.Host == "node-1" && c.Target == "/etc/containerd/config.toml");
        // …the host check does not.
        var after = await HostState.CaptureAsync(tb, artifacts);
        Assert.Null(after.Sha256("node-1", "/etc/containerd/config.toml"));
        await Assert.ThrowsAnyAsync<Xunit.Sdk.XunitException>(() => AssertConvergedAsync(tb, artifacts, beforeResume, DriftedServices));

        // A sound apply repairs it.
        await ApplyAsync(spec, new ApplyOptions { PkiDirectory = pki });
        Assert.Equal(artifacts["node-1"].File("/etc/containerd/config.toml")!.Sha256,
            (await HostState.CaptureAsync(tb, artifacts)).Sha256("node-1", "/etc/containerd/config.toml"));
    }

    /// <summary>Runs a whole apply through <paramref name="faults"/>, recording (and cutting) only the files phase.</summary>
    private Task<ApplyResult> CutApplyAsync(FaultInjectingConnectionFactory faults, ClusterSpec spec, string pki, CancellationToken? ct)
    {
        faults.Recording = false;
        var progress = new SyncProgress(e =>
        {
            if (e.Host is null && e.Step == "phase") faults.Recording = e.Phase == ApplyPhase.Files && e.State == ApplyEventState.Started;
        });
        return new ClusterApplier(faults).ApplyAsync(spec, new ApplyOptions { PkiDirectory = pki, Progress = progress, MaxParallelHosts = 1 }, ct ?? CancellationToken.None);
    }

    /// <summary>Nothing on the hosts changed between the two snapshots, and nothing is pending.</summary>
    private static void AssertQuiet(HostState before, HostState after)
    {
        Assert.True(after.FilesChangedSince(before).Count == 0, "files rewritten:\n" + string.Join("\n", after.FilesChangedSince(before)));
        Assert.True(after.ServicesChangedSince(before).Count == 0, "services restarted or stopped:\n" + string.Join("\n", after.ServicesChangedSince(before)));
        AssertNothingPending(after, "");
    }

    private static void AssertNothingPending(HostState s, string context)
    {
        Assert.True(s.RestartMarkers.Count == 0, $"restart markers left {context}: {string.Join(", ", s.RestartMarkers)}");
        Assert.True(s.TempFiles.Count == 0, $"temporary upload files left {context}: {string.Join(", ", s.TempFiles)}");
        Assert.True(s.NeedDaemonReload.Count == 0, $"systemd runs stale unit definitions {context}: {string.Join(", ", s.NeedDaemonReload)}");
    }

    /// <summary>
    /// The hosts hold exactly the rendered artifacts (hash, mode, owner), nothing is pending, the services whose files
    /// drifted were restarted (new process, running) and every other service kept its process.
    /// </summary>
    private static async Task AssertConvergedAsync(Testbed tb, ClusterArtifacts artifacts, HostState before, IReadOnlyList<string> restarted, string context = "")
    {
        await AssertFilesInPlaceAsync(tb, artifacts);
        var after = await HostState.CaptureAsync(tb, artifacts);
        foreach (var host in artifacts.Hosts)
            foreach (var f in host.Files)
                Assert.True(after.Sha256(host.Name, f.Path) == f.Sha256, $"{host.Name}:{f.Path} differs from the rendered artifact {context}");
        AssertNothingPending(after, context);
        var changed = after.ServicesChangedSince(before);
        foreach (var svc in restarted)
        {
            var (host, name) = (svc[..svc.IndexOf('/')], svc[(svc.IndexOf('/') + 1)..]);
            Assert.True(after.IsRunning(host, name), $"{svc} is not running {context}: {after.Services.GetValueOrDefault(svc)}");
            Assert.True(changed.Any(c => c.StartsWith(svc + ":", StringComparison.Ordinal)), $"{svc} kept its process although its files changed {context}");
        }

        var unexpected = changed.Where(c => !restarted.Any(r => c.StartsWith(r + ":", StringComparison.Ordinal))).ToList();
        Assert.True(unexpected.Count == 0, $"services restarted without cause {context}:\n{string.Join("\n", unexpected)}");
    }

    [RequiresFact("systemd-nspawn", "debootstrap", "etcd", Root = true)]
    public async Task A_scoped_apply_succeeds_while_an_out_of_scope_host_cannot_be_reached()
    {
        var tb = fixture.Testbed;
        var spec = TestbedSpecs.Twenty(tb, await TestbedSpecs.HostContainerdVersionAsync(tb));
        var options = new ApplyOptions { PkiDirectory = _dir.Combine("pki") };
        await ApplyAsync(spec, options);
        (await tb["node-1"].ExecAsync("rm -f /etc/containerd/config.toml")).EnsureSuccess("drift");

        // node-2 goes unreachable: its sshd stops (the test bed runs the commands through nsenter, not ssh). Stopping
        // the whole container is not used because the test bed cannot boot a stopped systemd/OpenRC host again yet.
        const string Ssh = "if [ -x /etc/init.d/ssh ]; then s=ssh; else s=sshd; fi; rc-service $s";
        (await tb["node-2"].ExecAsync(Ssh + " stop")).EnsureSuccess("stop sshd on node-2");
        try
        {
            // node-2 is really down: an apply of the whole cluster cannot connect to it and changes nothing.
            var down = await Assert.ThrowsAsync<ApplyException>(() => ApplyAsync(spec, options));
            Assert.Contains(down.Failures, f => f.Host == "node-2" && f.Phase == ApplyPhase.Preflight && f.Step == "connect");
            Assert.NotEqual(0, (await tb["node-1"].ExecAsync("test -e /etc/containerd/config.toml")).ExitCode);

            // Scoped to the master and node-1, the plan and the apply need only them.
            var scoped = options with { Hosts = ["master", "node-1"] };
            var plan = await new ClusterPlanner(new SshConnectionFactory()).PlanAsync(spec, scoped);
            Assert.Equal(["master", "node-1"], plan.Scope);
            Assert.Equal(["node-1"], plan.HostsWithChanges);
            var result = await new ClusterApplier(new SshConnectionFactory()).ApplyAsync(plan, options);
            Assert.Contains(result.Changes, c => c.Host == "node-1" && c.Target == "/etc/containerd/config.toml");
            Assert.Contains(result.Changes, c => c.Host == "node-1" && c.Kind == ChangeKind.ServiceRestarted && c.Target == "containerd");
            Assert.All(result.Changes, c => Assert.Equal("node-1", c.Host));
            Assert.Equal(0, (await tb["node-1"].ExecAsync("test -e /etc/containerd/config.toml")).ExitCode);
        }
        finally
        {
            (await tb["node-2"].ExecAsync(Ssh + " start")).EnsureSuccess("start sshd on node-2");
        }
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
