using System.CommandLine;
using K8sBare.Cluster;

namespace K8sBare.Cli.Commands;

/// <summary>The <c>--limit</c> option (one home for every verb that scopes to hosts): repeatable and comma-separated host names.</summary>
internal static class Limit
{
    /// <summary>A new <c>--limit</c> / <c>-l</c> option (System.CommandLine binds an option instance to one command).</summary>
    public static Option<string[]> Option() => new("--limit", "-l")
    {
        Description = "Only these hosts (repeatable or comma-separated; like Ansible's --limit): the others are not contacted and may be down.",
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>
    /// The hosts <c>--limit</c> names, or null when it is not given (every host). An empty name (<c>--limit ''</c>,
    /// <c>a,,b</c>) or a name the cluster lacks is refused, listing the known hosts: a limit never means "no hosts".
    /// </summary>
    /// <exception cref="RefusedException">An empty or unknown host name.</exception>
    public static IReadOnlyList<string>? Parse(string[]? values, ClusterSpec spec)
    {
        if (values is not { Length: > 0 }) return null;
        var known = string.Join(", ", spec.Nodes.Select(n => n.Name));
        var names = values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)).ToList();
        if (names.Any(n => n.Length == 0))
            throw new RefusedException($"--limit has an empty host name ('{string.Join(",", values)}'); it would limit the run to no hosts. Fix: name hosts of cluster '{spec.Name}' ({known}), or leave --limit out to run on every host.");
        var unknown = names.Where(n => spec.Nodes.All(node => node.Name != n)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            throw new RefusedException($"--limit names {string.Join(", ", unknown.Select(u => $"'{u}'"))}, not a host of cluster '{spec.Name}'. Fix: use host names from the inventory: {known}.");
        return names.Distinct(StringComparer.Ordinal).ToList();
    }
}
