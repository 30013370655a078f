using System.Diagnostics;
using System.Text.Json;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Management;
using K8sBare.Cluster.Operations;
using K8sBare.Testing;
using K8sBare.Testing.Kubernetes;
using K8sBare.Testing.Testbed;
using Xunit.Abstractions;

namespace K8sBare.Cluster.Tests.EndToEnd;

/// <summary>
/// The HA topology for real: three control-plane nodes each with etcd 3.5 (the hosts' own), Kubernetes 1.20.2
/// apiservers, controller-managers and schedulers, the hosts' keepalived holding the API virtual IP on the test
/// bed's bridge, and a worker; applied and operated through <see cref="ClusterManager"/> as a user would. The VIP
/// holder loses its power while the API is read through the VIP from this machine; then a fresh host at the same
/// address replaces it. Everything is judged from outside K8sBare: kubectl with the rendered admin kubeconfig, an
/// HTTP client with the admin certificate, etcdctl and the process tables on the hosts.
/// </summary>
[Collection(HaCollection.Name)]
public sealed class HaEndToEndTests(HaTestbedFixture fixture, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);
    private static readonly string[] ControlPlanes = ["cp-1", "cp-2", "cp-3"];
    private const int ConfigMaps = 20;
    private const int EtcdKeys = 100;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [RequiresFact("systemd-nspawn", "debootstrap", "kubectl", "curl", "gcc", Root = true)]
    public async Task A_control_plane_host_losing_its_power_leaves_the_api_answering_through_the_vip_and_is_replaced_at_the_same_address_with_every_object_and_key()
    {
        var clock = Stopwatch.StartNew();
        var origin = DateTimeOffset.UtcNow;
        var tb = fixture.Testbed;
        var kube = await KubernetesBinaries.EnsureAsync();
        var pause = await ContainerImages.BuildPauseAsync(Path.Combine(kube, "pause.c"), _dir.Combine("images"));
        var busybox = await ContainerImages.BuildBusyboxAsync(_dir.Combine("images"));
        var vip = tb.Subnet.Split('/')[0][..^1] + "200";
        var spec = RealKubernetesSpecs.Ha(tb, vip, kube, pause, busybox, await TestbedSpecs.HostContainerdVersionAsync(tb, "w-1"));
        await KubeletHostSysctls.ApplyAsync();
        var pki = _dir.Combine("pki");
        var manager = new ClusterManagerBuilder().UsePkiDirectory(pki).UseSsh().Build();

        // 1. The HA topology through the entry point.
        var applied = await RunAsync("apply", () => manager.ApplyAsync(spec), tb);
        output.WriteLine($"apply: {applied.Changes.Count} changes, done at {clock.Elapsed.TotalSeconds:0} s");
        foreach (var w in applied.Warnings) output.WriteLine("warning: " + w);
        Assert.True(applied.NotStarted.Count == 0, string.Join("\n", applied.NotStarted));
        Assert.Equal(ApplyPhases.All, applied.Phases);
        var k = await Kubectl.ForAdminAsync(applied, _dir.Combine("admin.kubeconfig"), output);
        // The operator's kubeconfig points at the VIP, reachable from here (outside the nodes).
        Assert.Equal($"https://{vip}:6443", (await k.RunAsync(["config", "view", "-o", "jsonpath={.clusters[0].cluster.server}"])).Trim());
        await k.WaitNodeReadyAsync("w-1", Patience);

        // 2. Objects through the API, keys straight into etcd.
        await k.ApplyAsync("apiVersion: v1\nkind: Namespace\nmetadata: { name: ha-proof }\n---\n" + string.Join("---\n",
            Enumerable.Range(0, ConfigMaps).Select(i => $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{ name: cm-{i:00}, namespace: ha-proof }}\ndata: {{ n: \"{i}\" }}\n")));
        await k.ApplyAsync(RealKubernetesEndToEndTests.Pod("pod-w", "w-1").Replace("namespace: default", "namespace: ha-proof", StringComparison.Ordinal));
        await k.WaitAsync(["-n", "ha-proof", "get", "pod", "pod-w", "-o", "jsonpath={.status.phase}"], o => o == "Running", Patience);
        using (var admin = await EtcdTestbedCluster.AdminAsync(spec, pki))
            for (var i = 0; i < EtcdKeys; i++) await admin.PutAsync($"/ha-proof/key-{i:000}", $"value-{i}");

        // 3. The poller reads a ConfigMap (a quorum read from etcd through an apiserver) through the VIP throughout.
        var holder = await VipHolderAsync(tb, vip);
        var victim = holder;
        output.WriteLine($"VIP {vip} held by {holder}; etcd leader before: {await EtcdLeaderAsync(tb, "cp-1")}");
        await using var poller = new ApiPoller(new Uri($"https://{vip}:6443/api/v1/namespaces/ha-proof/configmaps/cm-00"),
            body => body.Contains("\"cm-00\"", StringComparison.Ordinal), Path.Combine(pki, "ca.crt"), Path.Combine(pki, "admin.crt"), Path.Combine(pki, "admin.key"), clock);
        await poller.WaitForStreakAsync(TimeSpan.Zero, 10, Patience);

        // The VIP holder (an etcd member and an apiserver) loses its power.
        var killedAt = clock.Elapsed;
        await tb[victim].PowerOffAsync();
        output.WriteLine($"{victim} powered off at {killedAt.TotalSeconds:0.0} s");
        var recoveredAt = await poller.WaitForStreakAsync(killedAt, 10, Patience);
        var newHolder = await VipHolderAsync(tb, vip, victim);
        output.WriteLine($"failover: the API answered again through the VIP {(recoveredAt - killedAt).TotalSeconds:0.0} s after the power-off; VIP now on {newHolder}");

        // With 2 of 3 members the controllers still work: a Deployment is scheduled and its pod runs.
        await k.ApplyAsync($$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: while-degraded, namespace: ha-proof }
            spec:
              replicas: 1
              selector: { matchLabels: { app: while-degraded } }
              template:
                metadata: { labels: { app: while-degraded } }
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - { name: sleep, image: {{ContainerImages.BusyboxImage}}, imagePullPolicy: Never, command: ["sleep", "3600"] }
            """);
        await k.WaitAsync(["-n", "ha-proof", "get", "pod", "-l", "app=while-degraded", "-o", "jsonpath={range .items[*]}{.status.phase};{end}"], o => o == "Running;", Patience);

        // 4. The replacement: a fresh host (empty disk) boots at the same address, and the entry point replaces the dead node.
        var survivor = ControlPlanes.First(n => n != victim);
        var oldId = (await EtcdOnHost.MembersAsync(tb, survivor)).Single(m => m.Name == victim).Id;
        await tb[victim].WipeAsync();
        await tb[victim].StartAsync();
        var replaced = await RunAsync("replace", () => manager.ReplaceNodeAsync(spec, victim), tb);
        foreach (var o in replaced.Outcomes) output.WriteLine("  " + o);
        output.WriteLine($"replacement of {victim}: etcd part {replaced.EtcdDuration!.Value.TotalSeconds:0.0} s, whole operation {replaced.Duration.TotalSeconds:0.0} s");

        // Afterwards, judged from the hosts: 3/3 members, voting, healthy, one cluster ID, the old ID gone.
        var members = await EtcdOnHost.MembersAsync(tb, survivor);
        Assert.Equal(ControlPlanes, members.Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(members, m => m.Id == oldId);
        Assert.All(members, m => Assert.False(m.IsLearner, $"{m.Name} is still a learner"));
        var clusterIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cp in ControlPlanes)
        {
            var (ca, cert, key, servers) = await EtcdOnHost.ApiserverEtcdFlagsAsync(tb[cp]);
            // The apiservers (survivors and replacement) all list every member, the replacement's address included.
            Assert.All(ControlPlanes, n => Assert.Contains($"https://{tb[n].Address}:2379", servers, StringComparison.Ordinal));
            var own = $"--endpoints=https://{tb[cp].Address}:2379 --cacert={ca} --cert={cert} --key={key}";
            (await tb[cp].ExecAsync($"etcdctl {own} endpoint health")).EnsureSuccess($"etcd healthy on {cp}");
            using var status = JsonDocument.Parse((await tb[cp].ExecAsync($"etcdctl {own} endpoint status -w json")).EnsureSuccess($"etcd status on {cp}").StdOut);
            clusterIds.Add(status.RootElement[0].GetProperty("Status").GetProperty("header").GetProperty("cluster_id").GetRawText());
            // Each member's own copy (a serializable read answered by that member alone) holds every key.
            var keys = (await tb[cp].ExecAsync($"etcdctl {own} get --prefix /ha-proof/ --keys-only --consistency=s")).EnsureSuccess($"keys on {cp}").StdOut;
            Assert.Equal(EtcdKeys, keys.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            // Every apiserver is ready, asked directly (not through the VIP).
            var ready = await ProcessRunner.RunAsync("curl", ["-sS", "--cacert", Path.Combine(pki, "ca.crt"), "--cert", Path.Combine(pki, "admin.crt"), "--key", Path.Combine(pki, "admin.key"),
                $"https://{tb[cp].Address}:6443/readyz"], timeout: TimeSpan.FromSeconds(30));
            Assert.True(ready.StdOut.Trim() == "ok", $"{cp} /readyz: {ready.StdOut}{ready.StdErr}");
            foreach (var svc in new[] { "etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "keepalived" })
                if ((await tb[cp].ExecAsync($"systemctl is-active {svc}")) is { ExitCode: not 0 } inactive)
                {
                    output.WriteLine((await tb[cp].ExecAsync($"systemctl status {svc} --no-pager | cut -c1-250; journalctl -u {svc} --no-pager | tail -n 40 | cut -c1-250")).StdOut);
                    Assert.Fail($"{svc} on {cp} is {inactive.StdOut.Trim()}");
                }
        }

        Assert.Single(clusterIds);
        Assert.Equal(ConfigMaps, (await k.RunAsync(["-n", "ha-proof", "get", "configmaps", "-o", "name"])).Split('\n').Count(l => l.StartsWith("configmap/cm-", StringComparison.Ordinal)));
        Assert.Equal("Running", (await k.RunAsync(["-n", "ha-proof", "get", "pod", "pod-w", "-o", "jsonpath={.status.phase}"])).Trim());
        // The replacement's keepalived joins the VRRP group as a backup and leaves the VIP where it is: no second
        // failover (which would reset every client connection to the VIP) when a node comes back.
        await RealKubernetesEndToEndTests.WaitHostAsync(tb[victim], "journalctl -u keepalived --no-pager -o cat | grep -qE 'Entering (BACKUP|MASTER) STATE'", Patience);
        output.WriteLine($"{victim} keepalived: " + (await tb[victim].ExecAsync("journalctl -u keepalived --no-pager -o cat | grep -E 'Entering [A-Z]+ STATE' | tail -n 2")).StdOut.Trim());
        Assert.Equal(newHolder, await VipHolderAsync(tb, vip));

        // 5. Every leaf certificate renewed on the HA cluster, the poller still reading through the VIP.
        var before = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var cp in ControlPlanes) before[cp] = await ApiserverCertificateAsync(tb[cp]);
        var renewedFrom = clock.Elapsed;
        var renewal = await RunAsync("renewal", () => manager.Certificates.RenewAsync(spec, new CertificateRenewalOptions { Apply = manager.OptionsFor(spec) }), tb);
        output.WriteLine($"renewal: {renewal.Reissued.Count} certificate(s) re-issued, {renewal.Applied.Restarts} restart(s) in {(clock.Elapsed - renewedFrom).TotalSeconds:0.0} s");
        foreach (var r in renewal.Applied.Rolls) output.WriteLine("  " + r);
        Assert.True(renewal.Applied.Rolls.All(r => r.Healthy is not null), string.Join("\n", renewal.Applied.Rolls));
        // The VIP holder's apiserver did not restart under the VIP: before its turn keepalived stopped there until another
        // control plane held the address and the API answered through it (reported), then came back as a backup. The
        // address is where the last hand-off put it, and keepalived runs on every control plane again.
        var vipHandoffs = renewal.Applied.Rolls.Where(r => r.Phase == ApplyPhase.ControlPlane)
            .SelectMany(r => r.Handoffs.Where(x => x.Role == $"virtual IP {vip}")).ToList();
        var first = Assert.Single(vipHandoffs, x => x.From == newHolder);
        Assert.All(vipHandoffs, x => Assert.True(x.To is not null && x.To != x.From, x.ToString()));
        Assert.Equal(vipHandoffs[^1].To, await VipHolderAsync(tb, vip));
        foreach (var cp in ControlPlanes) (await tb[cp].ExecAsync("systemctl is-active --quiet keepalived")).EnsureSuccess($"keepalived runs again on {cp}");
        output.WriteLine($"VIP hand-offs: {string.Join("; ", vipHandoffs)} (first: {first})");
        foreach (var cp in ControlPlanes)
        {
            // The apiserver runs with a new serving certificate (another file content, another process), etcd is healthy.
            Assert.NotEqual(before[cp], await ApiserverCertificateAsync(tb[cp]));
            var (ca, cert, key, _) = await EtcdOnHost.ApiserverEtcdFlagsAsync(tb[cp]);
            (await tb[cp].ExecAsync($"etcdctl --endpoints=https://{tb[cp].Address}:2379 --cacert={ca} --cert={cert} --key={key} endpoint health")).EnsureSuccess($"etcd healthy on {cp} after the renewal");
        }

        Assert.Equal(ConfigMaps, (await k.RunAsync(["-n", "ha-proof", "get", "configmaps", "-o", "name"])).Split('\n').Count(l => l.StartsWith("configmap/cm-", StringComparison.Ordinal)));

        // The API answered through the VIP throughout: before the power-off every read was right; after it, failures
        // only inside the failover window (until the first of 10 right answers in a row), and from then on only
        // while a host's turn of the renewal's rolling restart was under way (what the roll reports: began → healthy).
        await poller.DisposeAsync();
        var samples = poller.Samples;
        var window = samples.Where(s => s.At >= killedAt && s.At < recoveredAt).ToList();
        output.WriteLine($"poller: {samples.Count} reads; failover window {(recoveredAt - killedAt).TotalSeconds:0.0} s with {window.Count(s => !s.Ok)} failed of {window.Count}; " +
                         $"{samples.Count(s => s.At >= recoveredAt && s.At < renewedFrom)} reads after it through the replacement, {samples.Count(s => s.At >= renewedFrom)} through the renewal");
        foreach (var s in window) output.WriteLine("  " + s);
        // A read through the VIP may fail while an etcd member restarts (an apiserver's etcd connection to it), and while the
        // VIP moves (from the hand-off's start until the new holder answered, as the roll reports): not while an apiserver
        // restarts, since the holder's never restarts under the VIP.
        var turns = renewal.Applied.Rolls.Where(r => r.Phase == ApplyPhase.Etcd).Select(r => (r: r.ToString(), From: r.Began - origin, To: (r.Healthy ?? DateTimeOffset.MaxValue) - origin))
            .Concat(vipHandoffs.Select(x => (r: x.ToString(), From: x.Began - origin, To: x.Ended - origin))).ToList();
        bool DuringATurn(ApiPoller.Sample s) => s.At >= renewedFrom && turns.Any(t => s.At <= t.To && s.At + s.Took >= t.From);
        foreach (var s in samples.Where(s => !s.Ok && s.At >= renewedFrom))
            output.WriteLine($"  during the renewal: {s} — {string.Join(", ", turns.Where(t => s.At <= t.To && s.At + s.Took >= t.From).Select(t => t.r))}");
        var outside = samples.Where(s => !s.Ok && (s.At < killedAt || s.At >= recoveredAt) && !DuringATurn(s)).ToList();
        Assert.True(outside.Count == 0, "failed reads outside the failover window, the etcd turns and the VIP hand-offs:\n" + string.Join('\n', outside));
        Assert.True(samples.Count(s => s.At < killedAt) >= 10, "the poller read before the power-off");
        output.WriteLine($"total {clock.Elapsed.TotalSeconds:0} s");
    }

    private async Task<T> RunAsync<T>(string what, Func<Task<T>> run, Testbed tb)
    {
        try
        {
            return await run();
        }
        catch (ApplyException ex)
        {
            output.WriteLine($"{what} failed: {ex}");
            foreach (var c in ex.Partial.Changes) output.WriteLine($"  done before the failure: {c}");
            foreach (var h in ControlPlanes)
                output.WriteLine($"--- {h}:\n" + (await tb[h].ExecAsync("journalctl -u etcd -u kube-apiserver -u keepalived --no-pager -n 30 | cut -c1-300")).StdOut);
            throw;
        }
    }

    /// <summary>The control-plane host whose eth0 carries the VIP (exactly one; waits while none or two do).</summary>
    private static async Task<string> VipHolderAsync(Testbed tb, string vip, string? except = null)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var holders = new List<string>();
            foreach (var cp in ControlPlanes.Where(n => n != except))
                if ((await tb[cp].ExecAsync("ip -o -4 addr show dev eth0")).StdOut.Contains($" {vip}/", StringComparison.Ordinal)) holders.Add(cp);
            if (holders.Count == 1) return holders[0];
            if (sw.Elapsed > Patience) throw new TimeoutException($"VIP {vip} held by {holders.Count} hosts ({string.Join(", ", holders)})");
            await Task.Delay(500);
        }
    }

    private static async Task<string> EtcdLeaderAsync(Testbed tb, string host)
    {
        var (ca, cert, key, _) = await EtcdOnHost.ApiserverEtcdFlagsAsync(tb[host]);
        var r = await tb[host].ExecAsync($"etcdctl --endpoints=https://{tb[host].Address}:2379 --cacert={ca} --cert={cert} --key={key} endpoint status --cluster -w table");
        return r.StdOut;
    }

    /// <summary>The running kube-apiserver's PID and the sha256 of its serving certificate file, read on the host.</summary>
    private static async Task<string> ApiserverCertificateAsync(TestbedHost host) =>
        (await host.ExecAsync("p=$(pidof kube-apiserver) && f=$(tr '\\0' '\\n' < /proc/$p/cmdline | sed -n 's/^--tls-cert-file=//p') && echo \"$p $(sha256sum < $f)\""))
            .EnsureSuccess($"kube-apiserver serving certificate on {host.Name}").StdOut.Trim();
}
