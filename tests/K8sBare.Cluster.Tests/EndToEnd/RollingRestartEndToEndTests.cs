using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using k8s;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Management;
using K8sBare.Cluster.Kubernetes;
using K8sBare.Cluster.Rendering;
using K8sBare.Etcd;
using K8sBare.Pki.Catalog;
using K8sBare.Testing;
using K8sBare.Testing.Testbed;
using Xunit.Abstractions;

namespace K8sBare.Cluster.Tests.EndToEnd;

/// <summary>
/// Rolling restarts on a real three-member etcd (the hosts' etcd 3.5) and three real kube-apiservers 1.20.2
/// (KubernetesBinaries) on systemd test-bed hosts: new etcd certificates roll one host at a time, judged from the
/// hosts (systemd's stop and start times of each member do not overlap) and by clients that write to etcd and read
/// the API throughout.
/// </summary>
[Collection(RollingCollection.Name)]
public sealed class RollingRestartEndToEndTests(RollingTestbedFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ClusterSpec Spec(Testbed tb, string kube)
    {
        var b = ClusterBuilder.Create("rolling")
            .WithKubernetesVersion(KubernetesBinaries.Version)
            .WithVersions(v => v with { Etcd = "3.5.16", Containerd = "1.7.24" })
            .WithSsh(new SshSettings { IdentityFile = tb.ClientIdentityFile, KnownHostsFile = tb.ClientKnownHostsFile, User = "root" })
            .UseStaticRoutes()
            .UseCoreDns(CoreDnsPlacement.None)
            .WithBinary("etcd", BinarySource.OnHostAt("/usr/bin/etcd"));
        foreach (var h in RollingTestbedFixture.Hosts) b.AddControlPlane(h, tb[h].Address);
        foreach (var name in new[] { "kube-apiserver", "kube-controller-manager", "kube-scheduler" })
            b.WithBinary(name, BinarySource.FromFile(KubernetesBinaries.Binary(kube, name)));
        return b.Build();
    }

    [RequiresFact("systemd-nspawn", "debootstrap", "gcc", Root = true)]
    public async Task New_etcd_certificates_roll_one_host_at_a_time_while_clients_write_to_etcd_and_read_the_API()
    {
        var tb = fixture.Testbed;
        var kube = await KubernetesBinaries.EnsureAsync();
        var spec = Spec(tb, kube);
        var pkiDir = _dir.Combine("pki");
        var manager = new ClusterManagerBuilder().UsePkiDirectory(pkiDir).UseSsh().Build();
        var hosts = RollingTestbedFixture.Hosts;

        var first = await manager.ApplyAsync(spec);
        Assert.True(first.NotStarted.Count == 0, string.Join("\n", first.NotStarted));
        Assert.Empty(first.Rolls); // first starts do not roll
        // The controller-manager and scheduler restart (systemd Restart=) until the first apiserver answers: let them settle,
        // or the plan below would see them "activating" and the apply "active" (a stale plan, rightly refused).
        foreach (var h in hosts) await WaitActiveAsync(tb[h], ControlPlaneUnits);

        // New etcd certificates (the etcd CA stays): every member's server and peer certificate, and the apiserver's etcd client.
        foreach (var name in hosts.SelectMany(h => new[] { $"etcd/server-{h}", $"etcd/peer-{h}" }).Append("apiserver-etcd-client"))
            foreach (var ext in new[] { ".crt", ".key" })
                File.Delete(Path.Combine(pkiDir, name + ext));

        var plan = await manager.PlanAsync(spec);
        output.WriteLine(plan.ToTable());
        // The plan shows the roll order: etcd, then kube-apiserver, one host per batch in spec order.
        foreach (var phase in new[] { ApplyPhase.Etcd, ApplyPhase.ControlPlane })
        {
            var order = plan.RollOrder.Where(s => s.Phase == phase).ToList();
            Assert.Equal(hosts, order.Select(s => s.Host));
            Assert.Equal([1, 2, 3], order.Select(s => s.RollBatch!.Value));
        }

        Assert.Contains("rolling restart [etcd]: cp-1 → cp-2 → cp-3", plan.ToTable(), StringComparison.Ordinal);

        var before = await SystemdTimesAsync(tb, hosts, "etcd");
        var roleServicesBefore = await RestartCountsAsync(tb, hosts);
        using var pki = await ClusterRenderer.LoadPkiAsync(spec, pkiDir);
        using var load = new Load(spec, pki, output);
        load.Start();
        await load.WaitForProgressAsync();

        ApplyResult rolled;
        try
        {
            rolled = await manager.ApplyAsync(plan);
        }
        finally
        {
            await load.StopAsync();
        }

        foreach (var r in rolled.Rolls) output.WriteLine(r.ToString());
        output.WriteLine($"etcd writes: {load.Writes} ok, {load.WriteFailures.Count} failed; API reads: {load.Reads} ok, {load.ReadFailures.Count} failed");
        foreach (var run in Runs(load.WriteFailures).Concat(Runs(load.ReadFailures))) output.WriteLine("  " + run);

        // The roll as reported: etcd then kube-apiserver, one host at a time, each healthy before the next began.
        foreach (var phase in new[] { ApplyPhase.Etcd, ApplyPhase.ControlPlane })
        {
            var rolls = rolled.Rolls.Where(r => r.Phase == phase).OrderBy(r => r.Batch).ToList();
            Assert.Equal(hosts, rolls.Select(r => r.Host));
            Assert.All(rolls, r => Assert.NotNull(r.Healthy));
            for (var i = 1; i < rolls.Count; i++) Assert.True(rolls[i].Began >= rolls[i - 1].Healthy, $"{rolls[i]} began before {rolls[i - 1]} was healthy");
        }

        // From the hosts: every member restarted, and each stopped only after the previous one was running again.
        var after = await SystemdTimesAsync(tb, hosts, "etcd");
        for (var i = 0; i < hosts.Count; i++)
        {
            Assert.True(after[i].ActiveEnter > before[i].ActiveEnter, $"etcd on {hosts[i]} did not restart");
            Assert.True(after[i].InactiveEnter > before[i].ActiveEnter, $"etcd on {hosts[i]} was not stopped by the roll");
            if (i > 0) Assert.True(after[i].InactiveEnter > after[i - 1].ActiveEnter, $"etcd on {hosts[i]} stopped before etcd on {hosts[i - 1]} was back: restarts overlapped");
        }

        // The clients: the cluster served throughout. A write fails only if it was in flight during a member's turn (a put
        // on it, or one cut by the leader change its restart causes) and names one member; never "no endpoint answered"
        // (quorum lost). An API read fails only on the apiserver the roll restarts at that time.
        Assert.True(load.Writes > 0 && load.Reads > 0);
        foreach (var f in load.WriteFailures)
            Assert.True(f.Host != "unknown" && rolled.Rolls.Any(r => r.Phase == ApplyPhase.Etcd && f.At >= r.Began && f.From <= r.Healthy!.Value),
                $"{f.At:HH:mm:ss.fff} {f.Host}: {f.Error} — not during a member's turn in the roll");
        foreach (var f in load.ReadFailures)
            Assert.True(rolled.Rolls.Any(r => (r.Phase == ApplyPhase.Etcd || r.Host == f.Host) && f.At >= r.Began && f.At <= r.Healthy!.Value),
                $"{f.At:HH:mm:ss.fff} {f.Host}: {f.Error} — not during that apiserver's (or an etcd member's) turn in the roll");
        // The leader never restarted as the leader: before its turn its leadership moved to another member (reported), and
        // each member's own log at its stop says it was not the leader then (etcd, stopping: "skipped leadership transfer;
        // local server is not leader"; a leader says "leadership transfer starting" instead).
        var etcdTurns = rolled.Rolls.Where(r => r.Phase == ApplyPhase.Etcd).ToList();
        Assert.Contains(etcdTurns, r => r.Handoffs.Any(x => x.Role == "etcd leader" && x.To is not null && x.To != r.Host));
        Assert.All(etcdTurns, r => Assert.All(r.Handoffs, x => Assert.Null(x.Failure)));
        var stops = await SystemdStopTimesAsync(tb, hosts, "etcd");
        for (var i = 0; i < hosts.Count; i++)
            Assert.Equal("follower", await RoleAtStopAsync(tb[hosts[i]], stops[i]));

        // The cluster kept a leader through each member's turn: a write was acknowledged after the member stopped (systemd's
        // time on the host) and before the member was back and caught up.
        foreach (var r in etcdTurns)
        {
            var stop = stops[hosts.ToList().IndexOf(r.Host)];
            Assert.True(load.WriteSuccesses.Any(w => w.Done >= stop && w.Done <= r.Healthy!.Value),
                $"no etcd write acknowledged between {r.Host}'s stop ({stop:HH:mm:ss.ffffff}) and its turn's end ({r.Healthy:HH:mm:ss.ffffff})");
        }

        // Converged: nothing left to do once the services have settled. The controller-manager and scheduler exit when they
        // lose their leader lease while the apiserver or etcd they use restarts (upstream: "leaderelection lost"), and systemd
        // starts them again after RestartSec (5 s); a plan taken inside that window rightly shows "start (activating)". Such
        // restarts are shown here, then the plan is taken once every service has stayed up.
        var immediate = await manager.PlanAsync(spec);
        output.WriteLine(immediate.IsEmpty ? "plan right after the roll: empty" : "plan right after the roll:\n" + immediate.ToTable());
        await ReportRestartsAsync(tb, hosts, roleServicesBefore);
        foreach (var h in hosts) await WaitActiveAsync(tb[h], ControlPlaneUnits);
        var again = await manager.PlanAsync(spec);
        Assert.True(again.IsEmpty, again.ToTable());
        Assert.Empty(again.RollOrder);

        // A member that does not come back stops the roll: the next new certificates roll again, but etcd on cp-2 cannot
        // start (a drop-in K8sBare does not manage makes its start fail). The apply fails at cp-2 as data, cp-3 is left
        // alone, and the cluster keeps serving on cp-1 and cp-3.
        foreach (var h in hosts)
            foreach (var ext in new[] { ".crt", ".key" })
                File.Delete(Path.Combine(pkiDir, $"etcd/server-{h}{ext}"));
        (await tb["cp-2"].ExecAsync("mkdir -p /etc/systemd/system/etcd.service.d && printf '[Service]\\nExecStartPre=/bin/false\\n' > /etc/systemd/system/etcd.service.d/zz-broken.conf && systemctl daemon-reload"))
            .EnsureSuccess("break etcd's start on cp-2");
        var stopPlan = await manager.PlanAsync(spec);
        Assert.Equal(hosts, stopPlan.RollOrder.Where(s => s.Phase == ApplyPhase.Etcd).Select(s => s.Host));
        var beforeStop = await SystemdTimesAsync(tb, hosts, "etcd");
        var failed = await Assert.ThrowsAsync<ApplyException>(() => manager.ApplyAsync(stopPlan));
        output.WriteLine(failed.Message);
        var failure = Assert.Single(failed.Failures);
        Assert.Equal((ApplyPhase.Etcd, "cp-2"), (failure.Phase, failure.Host));
        Assert.Contains("not restarted (still serving with the old configuration): cp-3", failure.Cause, StringComparison.Ordinal);
        Assert.Equal(ApplyPhase.Etcd, failed.Phase);
        var afterStop = await SystemdTimesAsync(tb, hosts, "etcd");
        Assert.True(afterStop[0].ActiveEnter > beforeStop[0].ActiveEnter, "cp-1 rolled first");
        Assert.Equal(beforeStop[2], afterStop[2]); // cp-3 untouched
        using (var pkiNow = await ClusterRenderer.LoadPkiAsync(spec, pkiDir))
        using (var probe = new Load(spec, pkiNow, output))
        {
            probe.Start();
            await probe.WaitForProgressAsync(); // etcd (cp-1 + cp-3) and the API still serve
            await probe.StopAsync();
        }

        // Fixed, the next apply finishes the roll: cp-2 starts, then cp-3 restarts (its marker was pending), one after the
        // other (starting cp-2 together with cp-3's restart would leave one member of three), nothing else.
        // Negative control of the leader hand-off: cp-3 is made the leader (etcd's MoveLeader from here), and this apply runs
        // with RolloutOptions.MoveEtcdLeader off, as before the hand-off existed: cp-3's log then shows it stopped as the leader.
        (await tb["cp-2"].ExecAsync("rm -rf /etc/systemd/system/etcd.service.d && systemctl daemon-reload")).EnsureSuccess("repair cp-2");
        var noMove = new ClusterManagerBuilder().UsePkiDirectory(pkiDir).UseSsh().UseRollout(new RolloutOptions { MoveEtcdLeader = false }).Build();
        var resume = await noMove.PlanAsync(spec);
        output.WriteLine(resume.ToTable());
        Assert.Equal(["cp-2", "cp-3"], resume.RollOrder.Where(s => s.Phase == ApplyPhase.Etcd).Select(s => s.Host));
        using (var pkiNow = await ClusterRenderer.LoadPkiAsync(spec, pkiDir))
        {
            var admin = pkiNow.Certificate("etcd/admin-client");
            using var etcd = new EtcdClient(EtcdClientOptions.FromPem(ClusterEndpoints.EtcdClients(spec), pkiNow.Authority(CertificateAuthorityId.Etcd).CertificatePem, admin.CertificatePem, admin.KeyPem()));
            var cp3 = await etcd.GetStatusAsync(ClusterEndpoints.EtcdClient(spec.Nodes.Single(n => n.Name == "cp-3")));
            await etcd.MoveLeaderAsync(cp3.MemberId);
        }

        var resumed = await noMove.ApplyAsync(resume);
        foreach (var r in resumed.Rolls) output.WriteLine(r.ToString());
        Assert.All(resumed.Rolls, r => Assert.Empty(r.Handoffs));
        Assert.Equal("leader", await RoleAtStopAsync(tb["cp-3"], (await SystemdStopTimesAsync(tb, ["cp-3"], "etcd"))[0]));
        Assert.Contains(resumed.ServiceRestarts, r => r.Host == "cp-2" && r.Service == "etcd");
        Assert.Contains(resumed.ServiceRestarts, r => r.Host == "cp-3" && r.Service == "etcd" && !r.Started);
        Assert.DoesNotContain(resumed.ServiceRestarts, r => r.Host == "cp-1" && r.Service == "etcd");
        foreach (var h in hosts) await WaitActiveAsync(tb[h], ControlPlaneUnits);
        var final = await manager.PlanAsync(spec);
        Assert.True(final.IsEmpty, final.ToTable());
    }

    private const string ControlPlaneUnits = "etcd kube-apiserver kube-controller-manager kube-scheduler";

    /// <summary>systemd's restart count (NRestarts: restarts by Restart=, not by systemctl) and last start of each control-plane unit, by "host/unit".</summary>
    private static async Task<Dictionary<string, string>> RestartCountsAsync(Testbed tb, IReadOnlyList<string> hosts)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var h in hosts)
            foreach (var unit in ControlPlaneUnits.Split(' '))
            {
                var r = (await tb[h].ExecAsync($"systemctl show {unit} -p NRestarts --value")).EnsureSuccess("systemctl show");
                result[$"{h}/{unit}"] = r.StdOut.Trim();
            }

        return result;
    }

    private async Task ReportRestartsAsync(Testbed tb, IReadOnlyList<string> hosts, Dictionary<string, string> before)
    {
        var after = await RestartCountsAsync(tb, hosts);
        var restarted = after.Where(kv => before.GetValueOrDefault(kv.Key) != kv.Value).Select(kv => $"{kv.Key} ({before.GetValueOrDefault(kv.Key)} -> {kv.Value})").ToList();
        output.WriteLine(restarted.Count == 0 ? "no unit was restarted by systemd (Restart=) during the roll"
            : $"restarted by systemd (Restart=) during the roll: {string.Join(", ", restarted)}");
    }

    /// <summary>
    /// Waits until every unit is active and has stayed active (no restart) for 20 s: the controller-manager and scheduler
    /// may come up, lose the apiserver once and restart, which a single "active" reading would miss.
    /// </summary>
    private static async Task WaitActiveAsync(TestbedHost host, string units)
    {
        var sw = Stopwatch.StartNew();
        var script = $"for u in {units}; do systemctl is-active --quiet $u || exit 1; " +
            "t=$(systemctl show -p ActiveEnterTimestampMonotonic --value $u); " +
            "now=$(awk '{printf \"%d\", $1 * 1000000}' /proc/uptime); [ $((now - t)) -ge 20000000 ] || exit 1; done";
        while ((await host.ExecAsync(script)).ExitCode != 0)
        {
            if (sw.Elapsed > TimeSpan.FromMinutes(5))
                throw new TimeoutException($"{host.Name}: {units} not all active and settled: {(await host.ExecAsync($"systemctl is-active {units}")).StdOut}");
            await Task.Delay(1000);
        }
    }

    /// <summary>systemd's monotonic times (µs; one kernel clock shared by the test-bed containers) of the service's last stop and last start.</summary>
    private static async Task<List<(long InactiveEnter, long ActiveEnter)>> SystemdTimesAsync(Testbed tb, IReadOnlyList<string> hosts, string unit)
    {
        var result = new List<(long, long)>();
        foreach (var h in hosts)
        {
            var r = (await tb[h].ExecAsync($"systemctl show {unit} -p InactiveEnterTimestampMonotonic -p ActiveEnterTimestampMonotonic")).EnsureSuccess("systemctl show");
            var props = r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture));
            result.Add((props["InactiveEnterTimestampMonotonic"], props["ActiveEnterTimestampMonotonic"]));
        }

        return result;
    }

    /// <summary>
    /// What etcd on <paramref name="host"/> said about leadership when systemd stopped it at <paramref name="stop"/>:
    /// "follower" when it logged "skipped leadership transfer; local server is not leader", "leader" when it logged
    /// "leadership transfer starting" (etcd's own transfer when a leader stops gracefully).
    /// </summary>
    private static async Task<string> RoleAtStopAsync(TestbedHost host, DateTimeOffset stop)
    {
        // The stop's log lines: from 10 s before systemd marked it inactive (etcd's stop first closes its client servers) until then.
        var s = stop.ToUnixTimeSeconds();
        var log = (await host.ExecAsync($"journalctl -u etcd -o cat --since @{s - 10} --until @{s + 1} | grep -E 'leadership transfer' || true")).EnsureSuccess("journalctl -u etcd").StdOut;
        if (log.Contains("skipped leadership transfer; local server is not leader", StringComparison.Ordinal)) return "follower";
        if (log.Contains("leadership transfer starting", StringComparison.Ordinal)) return "leader";
        return "unknown: " + log;
    }

    /// <summary>systemd's wall-clock time of each host's last stop of the unit (InactiveEnterTimestamp, µs, UTC; the test-bed hosts share this machine's clock).</summary>
    private static async Task<List<DateTimeOffset>> SystemdStopTimesAsync(Testbed tb, IReadOnlyList<string> hosts, string unit)
    {
        var result = new List<DateTimeOffset>();
        foreach (var h in hosts)
        {
            var r = (await tb[h].ExecAsync($"systemctl show {unit} -p InactiveEnterTimestamp --value --timestamp=us+utc")).EnsureSuccess("systemctl show");
            // "Mon 2026-11-30 01:55:00.123456 UTC"
            var text = r.StdOut.Trim();
            result.Add(DateTimeOffset.ParseExact(text[(text.IndexOf(' ', StringComparison.Ordinal) + 1)..^4], "yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
        }

        return result;
    }

    /// <summary>Consecutive failures with the same host and error, one line each: first and last time, count.</summary>
    private static IEnumerable<string> Runs(IEnumerable<Failure> failures)
    {
        Failure? first = null, last = null;
        var n = 0;
        foreach (var f in failures)
        {
            if (first is not null && (f.Host != first.Host || f.Error != first.Error))
            {
                yield return $"{first.At:HH:mm:ss.fff}–{last!.At:HH:mm:ss.fff} {first.Host} ×{n}: {first.Error}";
                first = null;
            }

            if (first is null) (first, n) = (f, 0);
            last = f;
            n++;
        }

        if (first is not null) yield return $"{first.At:HH:mm:ss.fff}–{last!.At:HH:mm:ss.fff} {first.Host} ×{n}: {first.Error}";
    }

    /// <summary>A failed request: sent at <paramref name="Sent"/>, failed at <paramref name="At"/> (a put etcd times out fails seconds after it was sent).</summary>
    private sealed record Failure(DateTimeOffset At, string Host, string Error, DateTimeOffset? Sent = null)
    {
        public DateTimeOffset From => Sent ?? At;
    }

    /// <summary>
    /// An etcd writer (etcd's root identity, every member as an endpoint, one put at a time) and an API reader (one
    /// client per apiserver, reading the default namespace in turn). A failed write is attributed to the member it
    /// was sent to (etcd's error names the endpoint), a failed read to the apiserver asked.
    /// </summary>
    private sealed class Load : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly IEtcdClient _etcd;
        private readonly List<(string Host, IKubernetes Api)> _apis;
        private readonly Dictionary<string, string> _hostOfEndpoint;
        private readonly ITestOutputHelper _output;
        private Task? _writer;
        private Task? _reader;
        private int _writes;
        private int _reads;

        public Load(ClusterSpec spec, Pki.Generation.GeneratedPki pki, ITestOutputHelper output)
        {
            _output = output;
            var admin = pki.Certificate("etcd/admin-client");
            var endpoints = ClusterEndpoints.EtcdClients(spec);
            _etcd = new EtcdClient(EtcdClientOptions.FromPem(endpoints, pki.Authority(CertificateAuthorityId.Etcd).CertificatePem, admin.CertificatePem, admin.KeyPem()));
            _hostOfEndpoint = spec.EtcdNodes.ToDictionary(n => ClusterEndpoints.EtcdClient(n).Authority, n => n.Name);
            _apis = spec.ControlPlaneNodes.Select(n => (n.Name, KubernetesClientFactory.FromKubeconfig(pki.Kubeconfig("admin", ClusterEndpoints.ApiServer(spec, n).OriginalString)))).ToList();
        }

        public int Writes => _writes;

        public int Reads => _reads;

        /// <summary>Each successful write: when it was sent and when etcd acknowledged it.</summary>
        public ConcurrentQueue<(DateTimeOffset Sent, DateTimeOffset Done)> WriteSuccesses { get; } = new();

        public ConcurrentQueue<Failure> WriteFailures { get; } = new();

        public ConcurrentQueue<Failure> ReadFailures { get; } = new();

        public void Start()
        {
            _writer = Task.Run(async () =>
            {
                for (var i = 0; !_stop.IsCancellationRequested; i++)
                {
                    var sent = DateTimeOffset.UtcNow;
                    try
                    {
                        await _etcd.PutAsync("/rolling-test/counter", i.ToString(CultureInfo.InvariantCulture), cancellationToken: _stop.Token);
                        Interlocked.Increment(ref _writes);
                        WriteSuccesses.Enqueue((sent, DateTimeOffset.UtcNow));
                    }
                    catch (EtcdException ex)
                    {
                        WriteFailures.Enqueue(new Failure(DateTimeOffset.UtcNow, HostNamedIn(ex.Message), ex.Message, sent));
                    }
                    catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                    {
                        return;
                    }
                }
            });
            _reader = Task.Run(async () =>
            {
                for (var i = 0; !_stop.IsCancellationRequested; i++)
                {
                    var (host, api) = _apis[i % _apis.Count];
                    try
                    {
                        await api.CoreV1.ReadNamespaceAsync("default", cancellationToken: _stop.Token);
                        Interlocked.Increment(ref _reads);
                    }
                    catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (Exception ex)
                    {
                        ReadFailures.Enqueue(new Failure(DateTimeOffset.UtcNow, host, ex.Message));
                    }
                }
            });
        }

        /// <summary>Waits until both clients made progress (the cluster serves before the roll begins).</summary>
        public async Task WaitForProgressAsync()
        {
            var sw = Stopwatch.StartNew();
            while (_writes == 0 || _reads == 0)
            {
                if (sw.Elapsed > TimeSpan.FromMinutes(2))
                    throw new TimeoutException($"no progress before the roll: {_writes} writes, {_reads} reads; {string.Join("; ", WriteFailures.Concat(ReadFailures).Take(5))}");
                await Task.Delay(100);
            }

            _output.WriteLine($"clients running: {_writes} writes, {_reads} reads before the roll");
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_writer ?? Task.CompletedTask, _reader ?? Task.CompletedTask);
        }

        /// <summary>The host whose endpoint an etcd error names ("unknown" when none: such a failure fails the test).</summary>
        private string HostNamedIn(string message) =>
            message.StartsWith("No etcd endpoint answered", StringComparison.Ordinal) ? "unknown"
            : _hostOfEndpoint.Where(e => message.Contains(e.Key, StringComparison.Ordinal)).Select(e => e.Value).FirstOrDefault() ?? "unknown";

        public void Dispose()
        {
            _stop.Dispose();
            _etcd.Dispose();
            foreach (var (_, api) in _apis) api.Dispose();
        }
    }
}
