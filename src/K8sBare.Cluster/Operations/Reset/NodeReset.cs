using System.Diagnostics;
using System.Text;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Artifacts;
using K8sBare.Cluster.Rendering;
using K8sBare.Units.Components;
using K8sBare.Cluster.Validation;
using K8sBare.Remote;
using K8sBare.Remote.Commands;
using K8sBare.Remote.Shell;
using Microsoft.Extensions.Logging;

namespace K8sBare.Cluster.Operations;

/// <summary>
/// Resets one node: stops and removes everything K8sBare places on it — the services it installed (stopped,
/// disabled, unit files/scripts removed), every file it renders for the host (configuration, certificates, keys,
/// kubeconfigs), the binaries it uploaded and the links it made, the directories it creates (data dirs such as
/// <c>/var/lib/etcd</c>, and <c>/var/lib/k8sbare</c>), then the parent directories left empty — and leaves what it did
/// not create: binaries it only linked to, files of others (a directory holding them stays), system directories.
/// What "K8sBare's" means comes from the spec's render for that host, so pass the spec the node was applied with.
/// Running it again on a reset host changes nothing.
/// </summary>
/// <param name="connections">Opens host connections (SSH).</param>
/// <param name="logger">Optional logger.</param>
public sealed class NodeReset(IHostConnectionFactory connections, ILogger? logger = null)
{
    /// <summary>Directories never removed, even when empty (where K8sBare's files live beside the system's).</summary>
    private static readonly HashSet<string> SystemDirectories = new(StringComparer.Ordinal)
    {
        "/", "/etc", "/etc/systemd", "/etc/systemd/system", "/etc/init.d", "/etc/conf.d", "/etc/sysctl.d", "/etc/modules-load.d", "/etc/default",
        "/etc/ssl", "/etc/ssl/certs", "/usr", "/usr/bin", "/usr/sbin", "/usr/lib", "/usr/libexec", "/usr/local", "/usr/local/bin", "/usr/local/sbin",
        "/usr/local/lib", "/usr/share", "/var", "/var/lib", "/var/log", "/var/run", "/var/cache", "/run", "/opt", "/srv", "/home", "/root", "/tmp", "/mnt",
    };

    /// <summary>Plans the reset of <paramref name="node"/>: the paths and services from the spec's render for that host. Touches no host.</summary>
    /// <param name="spec">The cluster the node was applied with.</param>
    /// <param name="node">The node name.</param>
    /// <param name="options">Options (the etcd-member confirmation).</param>
    /// <param name="cancellationToken">Cancels the render.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ClusterValidationException">The spec has errors.</exception>
    /// <exception cref="ArgumentException">The node is not in the spec.</exception>
    /// <exception cref="InvalidOperationException">The node is an etcd member of a multi-member cluster and <see cref="NodeResetOptions.EtcdMemberRemoved"/> is not set.</exception>
    public static async Task<NodeResetPlan> PlanAsync(ClusterSpec spec, string node, NodeResetOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(node);
        options ??= new NodeResetOptions();
        spec.Validate(ValidationOptions.ForRender).ThrowIfInvalid();
        var n = spec.FindNode(node) ?? throw new ArgumentException(
            $"Node '{node}' is not in the spec (nodes: {string.Join(", ", spec.Nodes.Select(x => x.Name))}). Pass the spec the node was applied with.", nameof(node));
        if (n.IsEtcd && spec.EtcdNodes.Count() > 1 && !options.EtcdMemberRemoved)
            throw new InvalidOperationException($"Resetting '{node}' is refused; nothing was changed: it is one of {spec.EtcdNodes.Count()} etcd members, and wiping its data dir while it is " +
                "still a voter lowers the cluster's fault tolerance. Fix: remove the node (its etcd member) from the cluster first, then reset it with EtcdMemberRemoved (--etcd-member-removed).");

        // Paths do not depend on the PKI's content: render with a throwaway PKI so the operator's store is not touched.
        var temp = Path.Combine(Path.GetTempPath(), "k8sbare-reset-" + Guid.NewGuid().ToString("N"));
        HostArtifacts host;
        try
        {
            host = (await ClusterRenderer.RenderAsync(spec, temp, cancellationToken: cancellationToken).ConfigureAwait(false))[node];
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }

        var files = host.Files.Select(f => f.Path).Concat(host.Services.Select(s => s.UnitPath)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var uploaded = host.Binaries.Where(b => b.Source.Kind is BinarySourceKind.LocalFile or BinarySourceKind.Url).Select(b => b.HostPath).Order(StringComparer.Ordinal).ToList();
        var links = host.Binaries.Where(b => b.Source.HostPath is { } p && p != b.HostPath).ToDictionary(b => b.HostPath, b => b.Source.HostPath!, StringComparer.Ordinal);
        var dirs = host.Directories.Select(d => d.Path.TrimEnd('/')).Append("/var/lib/k8sbare").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var p in files.Concat(uploaded).Concat(links.Keys).Concat(dirs))
            if (!p.StartsWith('/') || p.Contains("/../", StringComparison.Ordinal) || SystemDirectories.Contains(p.TrimEnd('/')))
                throw new InvalidOperationException($"Resetting '{node}' is refused; nothing was changed: the render names '{p}', which is not a path K8sBare may remove.");
        var parents = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in files.Concat(uploaded).Concat(links.Keys).Concat(dirs))
            for (var d = Parent(p); d is not null && !SystemDirectories.Contains(d); d = Parent(d)) parents.Add(d);
        return new NodeResetPlan
        {
            Host = node,
            Services = host.Services.OrderByDescending(s => s.StartOrder).Select(s => s.Name).Distinct(StringComparer.Ordinal).ToList(),
            Files = files, Binaries = uploaded, Links = links, Directories = dirs,
            EmptyParents = parents.OrderByDescending(p => p.Count(c => c == '/')).ThenBy(p => p, StringComparer.Ordinal).ToList(),
            Runtime = RuntimeOf(spec, n, host),
        };
    }

    /// <summary>The runtime state of a node that runs a kubelet, from the same defaults the render uses.</summary>
    private static NodeRuntimeCleanup RuntimeOf(ClusterSpec spec, NodeSpec node, HostArtifacts host)
    {
        bool Runs(ComponentDescriptor c) => host.Services.Any(s => s.Name == c.Service);
        if (!Runs(ClusterComponents.Kubelet)) return new NodeRuntimeCleanup();
        var interfaces = new List<string>();
        var routes = new List<(string, string)>();
        string network;
        var state = new List<string>();
        if (spec.PodNetwork == PodNetworkMode.StaticRoutes)
        {
            var ranges = WorkerRendering.NodePodRanges(spec);
            var bridge = new BridgeCniConfig { Subnet = ranges.GetValueOrDefault(node.Name, spec.Network.PodCidr) };
            network = bridge.Name;
            interfaces.Add(bridge.Bridge);
            routes.AddRange(spec.WorkerNodes.Where(w => w.Name != node.Name && ranges.ContainsKey(w.Name)).Select(w => (ranges[w.Name], w.Address)));
        }
        else
        {
            network = new CniConfig().Name;
            // The flannel CNI plugin delegates to the bridge plugin with bridge "cni0" unless the delegate names one;
            // flanneld names its device flannel.VNI (vxlan) or flannel-wg (wireguard); host-gw makes none.
            interfaces.Add("cni0");
            if (spec.Flannel.Backend == FlannelBackend.Vxlan) interfaces.Add($"flannel.{spec.Flannel.Vni ?? 1}");
            if (spec.Flannel.Backend == FlannelBackend.WireGuard) interfaces.Add("flannel-wg");
            state.Add("/var/lib/cni/flannel");
        }
        state.Insert(0, $"/var/lib/cni/networks/{network}");
        return new NodeRuntimeCleanup
        {
            ContainerNamespace = Runs(ClusterComponents.Containerd) ? ImagePreload.CriNamespace : null,
            KubeletRoot = DefaultKubeletRoot,
            Interfaces = interfaces,
            Routes = routes,
            CniNetwork = network,
            CniState = state,
            KubeProxyBinary = Runs(ClusterComponents.KubeProxy) ? host.Binaries.FirstOrDefault(b => b.Name == ClusterComponents.KubeProxy.Binaries[0])?.HostPath : null,
        };
    }

    /// <summary>Resets <paramref name="node"/> and checks the host afterwards.</summary>
    /// <param name="spec">The cluster the node was applied with.</param>
    /// <param name="node">The node name.</param>
    /// <param name="options">Options.</param>
    /// <param name="cancellationToken">Cancels; run again to finish.</param>
    /// <returns>The plan and what the check found (<see cref="NodeResetResult.Clean"/>).</returns>
    /// <exception cref="InvalidOperationException">Refused (see <see cref="PlanAsync"/>).</exception>
    public async Task<NodeResetResult> ResetAsync(ClusterSpec spec, string node, NodeResetOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new NodeResetOptions();
        var sw = Stopwatch.StartNew();
        var plan = await PlanAsync(spec, node, options, cancellationToken).ConfigureAwait(false);
        var n = spec.FindNode(node)!;
        logger?.LogInformation("{Plan}", plan.ToString());
        await using var host = await connections.OpenAsync(n, cancellationToken).ConfigureAwait(false);
        var services = NodeServices.For(host, n);
        var run = new CommandOptions { AllowNonZeroExit = true, Timeout = options.CommandTimeout };
        var rt = plan.Runtime;
        // The kubelet stops first so that it restarts no pod; the containers go while containerd still answers.
        if (rt.ContainerNamespace is { } ns)
        {
            if (plan.Services.Contains(KubeletService)) await services.UninstallAsync(KubeletService, cancellationToken).ConfigureAwait(false);
            var c = await host.RunAsync(ContainersScript(ns), run, cancellationToken).ConfigureAwait(false);
            if (!c.Succeeded) throw new InvalidOperationException($"{node}: removing the containers of namespace {ns} failed ({c.ExitCode}): {c.StdErr.Trim()} Run the reset again.");
        }
        // Uninstall stops the service first (systemd: disable --now; OpenRC: stop, then del from the runlevel).
        foreach (var s in plan.Services) await services.UninstallAsync(s, cancellationToken).ConfigureAwait(false);
        if (!rt.IsEmpty)
        {
            var r0 = await host.RunAsync(RuntimeScript(rt), run, cancellationToken).ConfigureAwait(false);
            if (!r0.Succeeded) throw new InvalidOperationException($"{node}: removing the runtime state failed ({r0.ExitCode}): {r0.StdErr.Trim()} Run the reset again.");
        }

        var r = await host.RunAsync(RemoveScript(plan), run, cancellationToken).ConfigureAwait(false);
        if (!r.Succeeded) throw new InvalidOperationException($"{node}: the reset's removal failed ({r.ExitCode}): {r.StdErr.Trim()} Run the reset again.");

        var check = new StringBuilder("for p in");
        foreach (var p in plan.Files.Concat(plan.Binaries).Concat(plan.Directories)) check.Append(' ').Append(ShellQuote.Quote(p));
        check.Append("; do if [ -e \"$p\" ] || [ -L \"$p\" ]; then echo \"$p\"; fi; done");
        foreach (var (link, target) in plan.Links)
            check.Append($"; if [ -L {ShellQuote.Quote(link)} ] && [ \"$(readlink {ShellQuote.Quote(link)})\" = {ShellQuote.Quote(target)} ]; then echo {ShellQuote.Quote(link)}; fi");
        check.Append('\n').Append(RuntimeCheckScript(rt));
        var remaining = (await host.RunAsync(check.ToString(), new CommandOptions { ReadOnly = true }, cancellationToken).ConfigureAwait(false))
            .StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var running = new List<string>();
        foreach (var s in plan.Services)
            if (await services.IsActiveAsync(s, cancellationToken).ConfigureAwait(false)) running.Add(s);
        return new NodeResetResult { Plan = plan, Remaining = remaining, StillRunning = running, Duration = sw.Elapsed };
    }

    private static readonly string KubeletService = ClusterComponents.Kubelet.Service;
    /// <summary>The kubelet's default <c>--root-dir</c> (K8sBare renders none).</summary>
    private const string DefaultKubeletRoot = "/var/lib/kubelet";

    /// <summary>Kills and deletes every task, then deletes every container (and its snapshot) of the namespace; a no-op when containerd does not answer.</summary>
    private static string ContainersScript(string ns) => $$"""
        set -u
        c() { {{ImagePreload.CtrCommand(ns)}} "$@"; }
        if ! c version >/dev/null 2>&1; then exit 0; fi
        i=0
        while [ -n "$(c tasks ls -q 2>/dev/null)" ]; do
          for t in $(c tasks ls -q); do c tasks rm -f "$t" >/dev/null 2>&1 || true; done
          i=$((i+1)); if [ $i -ge 30 ]; then echo "tasks still running in {{ns}}: $(c tasks ls -q | tr '\n' ' ')" >&2; exit 1; fi
          [ -z "$(c tasks ls -q 2>/dev/null)" ] || sleep 1
        done
        for id in $(c containers ls -q); do c containers rm "$id" >/dev/null || exit 1; done
        # A shim exits once containerd shut it down after its last task; one left behind is killed.
        i=0
        while pgrep -f -- '{{ShimPattern(ns)}}' >/dev/null; do
          i=$((i+1)); if [ $i -ge 15 ]; then pkill -KILL -f -- '{{ShimPattern(ns)}}'; break; fi
          sleep 1
        done
        """;

    /// <summary>The command line of a containerd shim (runc v2) serving namespace <paramref name="ns"/>.</summary>
    private static string ShimPattern(string ns) => $"^[^ ]*containerd-shim[^ ]* -namespace {ns} "; // anchored: never matches the shell that runs it

    /// <summary>Removes the runtime state once every service stopped (each step idempotent).</summary>
    private static string RuntimeScript(NodeRuntimeCleanup rt)
    {
        var q = ShellQuote.Quote;
        var sb = new StringBuilder("set -u\n");
        if (rt.KubeProxyBinary is { } kp) sb.Append($"if [ -x {q(kp)} ]; then {q(kp)} --cleanup >/dev/null 2>&1 || true; fi\n");
        if (rt.KubeletRoot is { } root)
            sb.Append(MountsUnder(root)).Append(" | sort -r | while read -r m; do umount \"$m\" 2>/dev/null || umount -l \"$m\"; done\n");
        if (rt.KubeletRoot is { } kr) sb.Append("rm -rf -- ").Append(q(kr)).Append('\n');
        if (rt.ContainerNamespace is not null)
            sb.Append("for n in /run/netns/cni-*; do [ -e \"$n\" ] || continue; umount \"$n\" 2>/dev/null || true; rm -f -- \"$n\"; done\n");
        foreach (var i in rt.Interfaces) sb.Append($"if ip link show dev {q(i)} >/dev/null 2>&1; then ip link delete {q(i)}; fi\n");
        foreach (var (range, via) in rt.Routes) sb.Append($"ip route del {q(range)} via {q(via)} 2>/dev/null || true\n");
        foreach (var d in rt.CniState) sb.Append("rm -rf -- ").Append(q(d)).Append('\n');
        if (rt.CniNetwork is { } net) sb.Append($"rm -f -- /var/lib/cni/results/{q(net)}-*\n");
        sb.Append("true\n");
        return sb.ToString();
    }

    /// <summary>A pipeline printing the mount points at or under <paramref name="root"/>, one per line.</summary>
    private static string MountsUnder(string root) => $"awk '{{print $2}}' /proc/self/mounts | grep -E {ShellQuote.Quote("^" + root + "(/|$)")}";

    /// <summary>Prints what of the runtime state remains, one line each.</summary>
    private static string RuntimeCheckScript(NodeRuntimeCleanup rt)
    {
        var q = ShellQuote.Quote;
        var sb = new StringBuilder();
        if (rt.KubeletRoot is { } root)
        {
            sb.Append(MountsUnder(root)).Append(" | sed 's/^/mount /'\n");
            sb.Append($"if [ -e {q(root)} ]; then echo {q(root)}; fi\n");
        }
        foreach (var i in rt.Interfaces) sb.Append($"if ip link show dev {q(i)} >/dev/null 2>&1; then echo {q("interface " + i)}; fi\n");
        foreach (var (range, via) in rt.Routes) sb.Append($"ip route show {q(range)} 2>/dev/null | grep -q . && echo {q($"route {range} via {via}")}\n");
        foreach (var d in rt.CniState) sb.Append($"if [ -e {q(d)} ]; then echo {q(d)}; fi\n");
        if (rt.ContainerNamespace is { } ns)
        {
            sb.Append("for n in /run/netns/cni-*; do [ -e \"$n\" ] && echo \"netns $n\"; done\n");
            sb.Append($"pgrep -af -- {q(ShimPattern(ns))} | sed 's/^/container shim /'\n");
        }
        sb.Append("true\n");
        return sb.ToString();
    }

    private static string RemoveScript(NodeResetPlan plan)
    {
        var q = ShellQuote.Quote;
        var sb = new StringBuilder("set -u\n");
        foreach (var f in plan.Files.Concat(plan.Binaries)) sb.Append("rm -f -- ").Append(q(f)).Append('\n');
        foreach (var (link, target) in plan.Links)
            sb.Append($"if [ -L {q(link)} ] && [ \"$(readlink {q(link)})\" = {q(target)} ]; then rm -f -- {q(link)}; fi\n");
        foreach (var d in plan.Directories) sb.Append("rm -rf -- ").Append(q(d)).Append('\n');
        foreach (var d in plan.EmptyParents) sb.Append("rmdir -- ").Append(q(d)).Append(" 2>/dev/null || true\n");
        // The prepare phase comments swap entries out with this mark; put them back.
        sb.Append("if [ -f /etc/fstab ] && grep -q '  # disabled by K8sBare$' /etc/fstab; then sed -i -E 's/^# (.*)  # disabled by K8sBare$/\\1/' /etc/fstab; fi\n");
        sb.Append("true\n");
        return sb.ToString();
    }

    private static string? Parent(string path)
    {
        var t = path.TrimEnd('/');
        var i = t.LastIndexOf('/');
        return i <= 0 ? (t.Length > 1 ? "/" : null) : t[..i];
    }
}
