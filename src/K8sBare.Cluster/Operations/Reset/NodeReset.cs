using System.Diagnostics;
using System.Text;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Artifacts;
using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Validation;
using K8sBare.Remote;
using K8sBare.Remote.Commands;
using K8sBare.Remote.Services;
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
        var services = ServiceManagers.For(host, n.InitSystem == InitSystem.OpenRc ? Remote.Facts.InitSystem.OpenRc : Remote.Facts.InitSystem.Systemd);
        // Uninstall stops the service first (systemd: disable --now; OpenRC: stop, then del from the runlevel).
        foreach (var s in plan.Services) await services.UninstallAsync(s, cancellationToken).ConfigureAwait(false);

        var run = new CommandOptions { AllowNonZeroExit = true, Timeout = options.CommandTimeout };
        var r = await host.RunAsync(RemoveScript(plan), run, cancellationToken).ConfigureAwait(false);
        if (!r.Succeeded) throw new InvalidOperationException($"{node}: the reset's removal failed ({r.ExitCode}): {r.StdErr.Trim()} Run the reset again.");

        var check = new StringBuilder("for p in");
        foreach (var p in plan.Files.Concat(plan.Binaries).Concat(plan.Directories)) check.Append(' ').Append(ShellQuote.Quote(p));
        check.Append("; do if [ -e \"$p\" ] || [ -L \"$p\" ]; then echo \"$p\"; fi; done");
        foreach (var (link, target) in plan.Links)
            check.Append($"; if [ -L {ShellQuote.Quote(link)} ] && [ \"$(readlink {ShellQuote.Quote(link)})\" = {ShellQuote.Quote(target)} ]; then echo {ShellQuote.Quote(link)}; fi");
        var remaining = (await host.RunAsync(check.ToString(), new CommandOptions { ReadOnly = true }, cancellationToken).ConfigureAwait(false))
            .StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var running = new List<string>();
        foreach (var s in plan.Services)
            if (await services.IsActiveAsync(s, cancellationToken).ConfigureAwait(false)) running.Add(s);
        return new NodeResetResult { Plan = plan, Remaining = remaining, StillRunning = running, Duration = sw.Elapsed };
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
