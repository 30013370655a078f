using System.Diagnostics;
using K8sBare.Cluster.Apply;
using K8sBare.Testing;
using K8sBare.Testing.Kubernetes;
using K8sBare.Testing.Testbed;
using Xunit.Abstractions;

namespace K8sBare.Cluster.Tests.EndToEnd;

/// <summary>
/// The $20 cluster comes up for real: Kubernetes 1.20.2 binaries built from Debian's source and uploaded by the
/// binaries phase, etcd 3.5 and containerd 1.7 of the Debian 13 hosts, applied over SSH to master (systemd), node-1
/// (systemd) and node-2 (OpenRC). Everything is judged from outside K8sBare: kubectl with the rendered admin
/// kubeconfig, curl with the admin certificate, and the hosts' own process tables and files.
/// </summary>
[Collection(RealKubernetesCollection.Name)]
public sealed class RealKubernetesEndToEndTests(ClusterTestbedFixture fixture, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [RequiresFact("systemd-nspawn", "debootstrap", "kubectl", "curl", "gcc", Root = true)]
    public async Task The_twenty_dollar_cluster_runs_pods_services_logs_and_exec_and_a_second_apply_changes_nothing()
    {
        var tb = fixture.Testbed;
        var kube = await KubernetesBinaries.EnsureAsync();
        var pause = await ContainerImages.BuildPauseAsync(Path.Combine(kube, "pause.c"), _dir.Combine("images"));
        var busybox = await ContainerImages.BuildBusyboxAsync(_dir.Combine("images"));
        var spec = RealKubernetesSpecs.Twenty(tb, kube, pause, busybox, await TestbedSpecs.HostContainerdVersionAsync(tb));
        await KubeletHostSysctls.ApplyAsync();
        var pki = _dir.Combine("pki");
        var applier = new ClusterApplier(new SshConnectionFactory());

        var sw = Stopwatch.StartNew();
        ApplyResult first;
        try
        {
            first = await applier.ApplyAsync(spec, new ApplyOptions { PkiDirectory = pki });
        }
        catch (ApplyException ex)
        {
            output.WriteLine(ex.ToString());
            await DumpAsync(tb);
            throw;
        }

        output.WriteLine($"first apply: {first.Changes.Count} changes in {sw.Elapsed.TotalSeconds:0.0} s");
        foreach (var e in first.Events.Where(e => e.Host is null && e.Step == "phase" && e.State != ApplyEventState.Started)) output.WriteLine("  " + e);
        foreach (var w in first.Warnings) output.WriteLine("warning: " + w);
        Assert.True(first.NotStarted.Count == 0, string.Join("\n", first.NotStarted));
        // Every phase ran, including rbac (every rendered manifest applied) and verify (both nodes Ready).
        Assert.Equal(ApplyPhases.All, first.Phases);
        Assert.Contains(first.Events, e => e.Phase == ApplyPhase.Verify && e.Host is null && e.Step == "nodes ready" && e.State == ApplyEventState.Unchanged);

        var k = await Kubectl.ForAdminAsync(first, _dir.Combine("admin.kubeconfig"), output);

        // Where each service runs, under which init system.
        foreach (var svc in new[] { "etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler" })
            (await tb["master"].ExecAsync($"systemctl is-active {svc}")).EnsureSuccess($"{svc} active on master");
        foreach (var svc in new[] { "containerd", "kubelet", "kube-proxy" })
        {
            (await tb["node-1"].ExecAsync($"systemctl is-active {svc}")).EnsureSuccess($"{svc} active on node-1");
            (await tb["node-2"].ExecAsync($"rc-service {svc} status")).EnsureSuccess($"{svc} started on node-2");
        }

        // Both nodes Ready, seen by kubectl.
        await k.WaitAsync(["get", "nodes", "-o", "jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type==\"Ready\")].status};{end}"],
            o => o.Contains("node-1=True", StringComparison.Ordinal) && o.Contains("node-2=True", StringComparison.Ordinal), Patience);

        // The controller-manager and the scheduler hold their leases.
        foreach (var lease in new[] { "kube-controller-manager", "kube-scheduler" })
            await k.WaitAsync(["-n", "kube-system", "get", "lease", lease, "-o", "jsonpath={.spec.holderIdentity}"], o => o.Trim().Length > 0, Patience);

        // A pod on each worker, from the preloaded busybox image (no registry).
        await k.ApplyAsync(Pod("pod-a", "node-1") + "---\n" + Pod("pod-b", "node-2") + "---\n" + Service("svc-b", "pod-b"));
        await k.WaitAsync(["get", "pod", "pod-a", "pod-b", "-o", "jsonpath={range .items[*]}{.status.phase};{end}"], o => o == "Running;Running;", Patience);
        var ipB = (await k.RunAsync(["get", "pod", "pod-b", "-o", "jsonpath={.status.podIP}"])).Trim();
        var clusterIp = (await k.RunAsync(["get", "service", "svc-b", "-o", "jsonpath={.spec.clusterIP}"])).Trim();
        output.WriteLine($"pod-b {ipB}, svc-b {clusterIp}");

        // exec (apiserver→kubelet TLS), pod to pod across nodes, and the ClusterIP through kube-proxy.
        Assert.Equal("pod-a", (await k.RunAsync(["exec", "pod-a", "--", "hostname"])).Trim());
        // (busybox-static's wget crashes on glibc's NSS lookups in a static binary; nc speaks plain TCP.)
        await k.WaitAsync(Http("pod-a", ipB, 8080), o => o.Contains("pod-b", StringComparison.Ordinal), Patience);
        await k.WaitAsync(Http("pod-a", clusterIp, 80), o => o.Contains("pod-b", StringComparison.Ordinal), Patience);
        // logs (apiserver→kubelet TLS again).
        Assert.Contains("serving pod-b", await k.RunAsync(["logs", "pod-b"]), StringComparison.Ordinal);

        // Every secure port authenticates: the admin certificate is answered, an anonymous caller is not.
        var cert = Path.Combine(pki, "admin.crt");
        var key = Path.Combine(pki, "admin.key");
        var ca = Path.Combine(pki, "ca.crt");
        foreach (var (host, port, path) in new[]
        {
            ("master", 6443, "/metrics"), ("master", 10257, "/metrics"), ("master", 10259, "/metrics"),
            ("node-1", 10250, "/metrics"), ("node-2", 10250, "/metrics"),
        })
        {
            var url = $"https://{tb[host].Address}:{port}{path}";
            // The controller-manager and the scheduler serve a self-signed certificate (no serving certificate is
            // rendered for them, as with kubeadm): what is checked there is the caller's authentication, not theirs.
            string[] trust = port is 10257 or 10259 ? ["-k"] : ["--cacert", ca];
            var authorized = await ProcessRunner.RunAsync("curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code}", .. trust, "--cert", cert, "--key", key, url], timeout: TimeSpan.FromSeconds(30));
            var anonymous = await ProcessRunner.RunAsync("curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code}", .. trust, url], timeout: TimeSpan.FromSeconds(30));
            output.WriteLine($"{url}: admin {authorized.StdOut}, anonymous {anonymous.StdOut}");
            Assert.Equal("200", authorized.StdOut.Trim());
            Assert.Contains(anonymous.StdOut.Trim(), new[] { "401", "403" });
        }

        // Kubernetes 1.20's insecure ports are closed (--port=0).
        foreach (var port in new[] { 10251, 10252 })
            Assert.NotEqual(0, (await tb["master"].ExecAsync($"curl -s -o /dev/null http://127.0.0.1:{port}/healthz")).ExitCode);

        // A second apply changes nothing — judged from the hosts: same PIDs, same file hashes.
        var before = await SnapshotAsync(tb, first);
        var second = await applier.ApplyAsync(spec, new ApplyOptions { PkiDirectory = pki });
        Assert.True(second.Changes.Count == 0, string.Join("\n", second.Changes));
        Assert.Equal(before, await SnapshotAsync(tb, first));

        // Killing the kubelet on node-2 (OpenRC): supervise-daemon starts a new one and the node stays Ready.
        var pid = (await tb["node-2"].ExecAsync("pgrep -x kubelet")).EnsureSuccess("pgrep kubelet").StdOut.Trim();
        (await tb["node-2"].ExecAsync($"kill -9 {pid}")).EnsureSuccess("kill -9 kubelet");
        await WaitHostAsync(tb["node-2"], $"p=$(pgrep -x kubelet) && [ \"$p\" != {pid} ]", Patience);
        await k.WaitNodeReadyAsync("node-2", Patience);
    }

    private static string[] Http(string pod, string ip, int port) =>
        ["exec", pod, "--", "sh", "-c", $"printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 {ip} {port}"];

    internal static string Pod(string name, string node) => $$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{name}}
          namespace: default
          labels: { app: {{name}} }
        spec:
          nodeName: {{node}}
          terminationGracePeriodSeconds: 1
          containers:
          - name: web
            image: {{ContainerImages.BusyboxImage}}
            imagePullPolicy: Never
            command: ["/bin/sh", "-c", "mkdir -p /tmp/www && hostname > /tmp/www/index.html && echo serving $(hostname) && exec httpd -f -v -p 8080 -h /tmp/www"]
            ports: [{ containerPort: 8080 }]

        """;

    private static string Service(string name, string app) => $$"""
        apiVersion: v1
        kind: Service
        metadata: { name: {{name}}, namespace: default }
        spec:
          selector: { app: {{app}} }
          ports: [{ port: 80, targetPort: 8080 }]

        """;

    /// <summary>Every K8sBare service's main PID and every rendered file's sha256, per host, read on the hosts.</summary>
    private static async Task<string> SnapshotAsync(Testbed tb, ApplyResult result)
    {
        var lines = new List<string>();
        foreach (var host in result.Artifacts!.Hosts)
        {
            var procs = string.Join(' ', host.Services.Select(s => s.Name));
            var r = await tb[host.Name].ExecAsync($"for p in {procs}; do echo \"$p $(pidof $p)\"; done; sha256sum {string.Join(' ', host.Files.Select(f => f.Path))}");
            r.EnsureSuccess($"snapshot of {host.Name}");
            lines.Add($"## {host.Name}\n{r.StdOut}");
        }

        return string.Join('\n', lines);
    }

    internal static async Task WaitHostAsync(TestbedHost host, string condition, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            if ((await host.ExecAsync(condition)).ExitCode == 0) return;
            if (sw.Elapsed > timeout) throw new TimeoutException($"{host.Name}: '{condition}' did not hold within {timeout}");
            await Task.Delay(500);
        }
    }

    private async Task DumpAsync(Testbed tb)
    {
        foreach (var (host, cmd) in new[]
        {
            ("master", "journalctl -u kube-apiserver -u kube-controller-manager -u kube-scheduler --no-pager -n 40"),
            ("node-1", "journalctl -u kubelet -u containerd --no-pager -n 60"),
            ("node-2", "tail -n 60 /var/log/kubelet.log /var/log/containerd.log 2>&1"),
        })
        {
            var r = await tb[host].ExecAsync(cmd);
            output.WriteLine($"--- {host}: {cmd}\n{r.StdOut}{r.StdErr}");
        }
    }
}
