using System.Diagnostics;
using k8s;
using K8sBare.Cluster.Artifacts;
using K8sBare.Cluster.Kubernetes;
using K8sBare.Cluster.Rendering;
using K8sBare.Testing;
using K8sBare.Units.Systemd;

namespace K8sBare.Cluster.Tests.Support.ApiServer;

/// <summary>
/// A real etcd and a real kube-apiserver on loopback, started from what K8sBare renders for a cluster's first
/// control-plane node (the $20 cluster by default): its PKI, its etcd and kube-apiserver units. The rendered files are
/// written under a temporary root and the rendered command lines are kept, adapted to loopback only: every absolute
/// path is moved under that root, etcd listens (clients, peers, metrics) on 127.0.0.1 at free ports, kube-apiserver
/// binds 127.0.0.1 at a free port and talks to that etcd. No kubelet, controller-manager or scheduler runs: nodes and
/// pods are plain API objects (a pod bound with <c>spec.nodeName</c> exists, Pending, and nobody confirms its deletion).
/// </summary>
public sealed class LoopbackApiServer : IAsyncDisposable
{
    private readonly TempDirectory _dir;
    private readonly List<Process> _processes = [];

    private LoopbackApiServer(TempDirectory dir, ClusterArtifacts artifacts, Uri url)
    {
        _dir = dir;
        Artifacts = artifacts;
        Url = url;
    }

    /// <summary>The local PKI store the cluster was rendered with (what apply and <see cref="ClusterKubernetes.ConnectAsync"/> read).</summary>
    public string PkiDirectory => _dir.Combine("pki");

    /// <summary>The rendered cluster the server was started from.</summary>
    public ClusterArtifacts Artifacts { get; }

    /// <summary>The apiserver's URL on loopback, e.g. <c>https://127.0.0.1:41234</c>.</summary>
    public Uri Url { get; }

    /// <summary>The rendered admin kubeconfig (its server is the node's address; pass <see cref="ConnectionOptions"/> to reach loopback).</summary>
    public string AdminKubeconfig => Artifacts.OperatorFiles["admin.kubeconfig"].Content;

    /// <summary>Connection options that point the rendered kubeconfig at <see cref="Url"/>.</summary>
    public KubernetesConnectionOptions ConnectionOptions => new() { Server = Url };

    /// <summary>The apiserver's log so far (for failure messages).</summary>
    public string ApiServerLog => ReadLog("kube-apiserver.log");

    /// <summary>A new official client as the cluster admin (the rendered admin kubeconfig through <see cref="KubernetesClientFactory"/>).</summary>
    public IKubernetes CreateAdminClient() => KubernetesClientFactory.FromKubeconfig(AdminKubeconfig, ConnectionOptions);

    /// <summary>Renders <paramref name="spec"/> (default: the $20 cluster), starts etcd and kube-apiserver, waits for <c>/readyz</c>.</summary>
    /// <param name="apiServerBinary">The kube-apiserver to run (see <see cref="KubernetesBinaries"/>).</param>
    /// <param name="spec">The cluster; its first control-plane node is the one started.</param>
    /// <param name="cancellationToken">Cancels the start (everything started is stopped).</param>
    public static async Task<LoopbackApiServer> StartAsync(string apiServerBinary, ClusterSpec? spec = null, CancellationToken cancellationToken = default)
    {
        spec ??= SampleSpecs.Twenty();
        var dir = new TempDirectory("k8sbare-apiserver");
        var root = dir.Combine("root");
        var artifacts = await ClusterRenderer.RenderAsync(spec, dir.Combine("pki"), cancellationToken: cancellationToken);
        var node = artifacts[spec.ControlPlaneNodes.First().Name];
        foreach (var f in node.Files)
        {
            var path = root + f.Path;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, f.Content, cancellationToken);
            File.SetUnixFileMode(path, f.Mode);
        }

        var (etcdClient, etcdPeer, etcdMetrics, apiPort) = (FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next());
        var url = new Uri($"https://127.0.0.1:{apiPort}");
        var server = new LoopbackApiServer(dir, artifacts, url);
        try
        {
            var etcd = RenderedCommand(node, "etcd");
            var member = $"https://127.0.0.1:{etcdPeer}";
            server.Start(TestEnvironment.RequireTool("etcd"), Adapt(etcd.Arguments, root, new Dictionary<string, string>
            {
                ["listen-client-urls"] = $"https://127.0.0.1:{etcdClient}",
                ["advertise-client-urls"] = $"https://127.0.0.1:{etcdClient}",
                ["listen-peer-urls"] = member,
                ["initial-advertise-peer-urls"] = member,
                ["initial-cluster"] = $"{node.Name}={member}",
                ["listen-metrics-urls"] = $"http://127.0.0.1:{etcdMetrics}",
            }), "etcd.log");

            var apiserver = RenderedCommand(node, "kube-apiserver");
            server.Start(apiServerBinary, Adapt(apiserver.Arguments, root, new Dictionary<string, string>
            {
                ["bind-address"] = "127.0.0.1",
                ["secure-port"] = apiPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["etcd-servers"] = $"https://127.0.0.1:{etcdClient}",
            }), "kube-apiserver.log");

            await server.WaitReadyAsync(TimeSpan.FromMinutes(4), cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The command line of a rendered systemd service of <paramref name="host"/>.</summary>
    private static K8sBare.Units.Services.ExecCommand RenderedCommand(HostArtifacts host, string service)
    {
        var s = host.Services.FirstOrDefault(x => x.Name == service)
            ?? throw new InvalidOperationException($"{host.Name} has no rendered service '{service}'; services: {string.Join(", ", host.Services.Select(x => x.Name))}.");
        var unit = SystemdUnit.Parse(host.File(s.UnitPath)!.Content, s.UnitPath);
        return SystemdQuoting.ParseCommand(unit.Get("Service", "ExecStart")
            ?? throw new InvalidOperationException($"{s.UnitPath} has no ExecStart."));
    }

    /// <summary>
    /// The rendered arguments with <paramref name="overrides"/> applied (flags named without dashes) and every absolute
    /// path (also inside comma lists) moved under <paramref name="root"/>. An override for a flag the render lacks is added.
    /// </summary>
    internal static IReadOnlyList<string> Adapt(IReadOnlyList<string> args, string root, IReadOnlyDictionary<string, string> overrides)
    {
        var result = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in args)
        {
            var eq = a.IndexOf('=', StringComparison.Ordinal);
            if (!a.StartsWith("--", StringComparison.Ordinal) || eq < 0)
            {
                result.Add(a);
                continue;
            }

            var name = a[2..eq];
            if (overrides.TryGetValue(name, out var value))
            {
                used.Add(name);
                result.Add($"--{name}={value}");
                continue;
            }

            var moved = string.Join(',', a[(eq + 1)..].Split(',').Select(v => v.StartsWith('/') ? root + v : v));
            result.Add($"--{name}={moved}");
        }

        result.AddRange(overrides.Where(o => !used.Contains(o.Key)).Select(o => $"--{o.Key}={o.Value}"));
        return result;
    }

    private void Start(string binary, IReadOnlyList<string> args, string logName)
    {
        var log = _dir.Combine(logName);
        File.WriteAllText(log, $"# {binary} {string.Join(' ', args)}\n");
        // sh replaces itself with the binary (exec), so the process we kill is the component itself.
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = true };
        foreach (var x in (string[])["-c", "exec \"$0\" \"$@\" >>\"$K8SBARE_LOG\" 2>&1", binary, .. args]) psi.ArgumentList.Add(x);
        psi.Environment["K8SBARE_LOG"] = log;
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {binary}");
        _processes.Add(process);
        // If the test host ends without disposing (a crash, a kill of dotnet test), do not leave the servers behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { if (!process.HasExited) process.Kill(); } catch (InvalidOperationException) { }
        };
    }

    private async Task WaitReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var client = CreateAdminClient();
        var sw = Stopwatch.StartNew();
        var last = "no answer yet";
        while (sw.Elapsed < timeout)
        {
            foreach (var p in _processes.Where(p => p.HasExited))
                throw new InvalidOperationException($"{p.StartInfo.ArgumentList[2]} exited with {p.ExitCode} before /readyz answered.\n--- etcd.log\n{Tail(ReadLog("etcd.log"))}\n--- kube-apiserver.log\n{Tail(ApiServerLog)}");
            try
            {
                var r = await client.GetReadinessAsync(ct);
                if (r.Ready) return;
                last = "failed checks: " + string.Join(", ", r.FailedChecks);
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }

            await Task.Delay(500, ct);
        }

        throw new TimeoutException($"kube-apiserver at {Url} was not ready after {timeout.TotalSeconds:0} s ({last}).\n--- kube-apiserver.log\n{Tail(ApiServerLog)}");
    }

    private string ReadLog(string name)
    {
        var path = _dir.Combine(name);
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    private static string Tail(string text, int lines = 40) => string.Join('\n', text.Split('\n').TakeLast(lines));

    /// <summary>Stops kube-apiserver, then etcd (SIGKILL: nothing of them is kept), and removes the temporary root.</summary>
    public async ValueTask DisposeAsync()
    {
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            var p = _processes[i];
            try
            {
                if (!p.HasExited) p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
            }

            p.Dispose();
        }

        _dir.Dispose();
    }
}
