using System.Globalization;
using System.Text;

namespace K8sBare.Cluster.Planning;

/// <summary>What an apply would do, per host. Planning changes nothing.</summary>
public sealed record ClusterPlan
{
    /// <summary>One plan per host, in spec order.</summary>
    public IReadOnlyList<HostPlan> Hosts { get; init; } = [];

    /// <summary>The hosts an apply would change.</summary>
    public IEnumerable<string> HostsWithChanges => Hosts.Where(h => h.HasChanges).Select(h => h.Host);

    /// <summary>True when applying would change nothing.</summary>
    public bool IsEmpty => !Hosts.Any(h => h.HasChanges);

    /// <summary>The plan for one host.</summary>
    /// <param name="host">The host name.</param>
    public HostPlan this[string host] => Hosts.First(h => h.Host == host);

    /// <summary>A readable table: one row per host, then the items that would change.</summary>
    public string ToTable()
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"{"host",-16} {"via",-9} {"create",6} {"change",6} {"same",6}  services (install/start/restart)   binaries (upload/link/missing)\n");
        foreach (var h in Hosts)
        {
            var svc = $"{h.Services.Count(s => s.Change == PlannedChange.Create)}/{h.Services.Count(s => s.Change == PlannedChange.Start)}/{h.Services.Count(s => s.Change == PlannedChange.Change)}";
            var bin = $"{h.Binaries.Count(b => b.Change == PlannedChange.Upload)}/{h.Binaries.Count(b => b.Change == PlannedChange.Link)}/{h.Binaries.Count(b => b.Change == PlannedChange.Blocked)}";
            sb.Append(inv, $"{h.Host,-16} {TransportWord(h.Transport),-9} {h.FilesToCreate,6} {h.FilesToChange,6} {h.FilesUnchanged,6}  {svc,-33} {bin}\n");
        }

        foreach (var h in Hosts.Where(h => h.HasChanges || h.Services.Any(s => s.Change == PlannedChange.Blocked)))
        {
            sb.Append(inv, $"\n{h.Host}:\n");
            foreach (var f in h.Files.Where(f => f.Change != PlannedChange.Unchanged))
                sb.Append(inv, $"  {(f.Change == PlannedChange.Create ? "+" : "~")} {f.Path}\n");
            foreach (var b in h.Binaries.Where(b => b.Change != PlannedChange.Unchanged))
                sb.Append(inv, $"  {Symbol(b.Change)} binary {b.Name} ({b.HostPath}){(b.Change == PlannedChange.Blocked ? ": missing, no source" : "")}\n");
            foreach (var s in h.Services.Where(s => s.Change != PlannedChange.Unchanged))
                sb.Append(inv, $"  {Symbol(s.Change)} service {s.Name}: {Word(s.Change)}{(s.Reason is null ? "" : " (" + s.Reason + ")")}\n");
        }

        return sb.ToString();
    }

    /// <summary>The transport as the inventory spells it (<c>ssh.transport</c>).</summary>
    internal static string TransportWord(Remote.HostTransport t) => t switch
    {
        Remote.HostTransport.OpenSsh => "openssh",
        Remote.HostTransport.SshNet => "sshnet",
        _ => t.ToString().ToLowerInvariant(),
    };

    private static string Symbol(PlannedChange c) => c switch
    {
        PlannedChange.Create => "+",
        PlannedChange.Blocked => "!",
        PlannedChange.Upload or PlannedChange.Link => "^",
        _ => "~",
    };

    private static string Word(PlannedChange c) => c switch
    {
        PlannedChange.Create => "install and start",
        PlannedChange.Start => "start",
        PlannedChange.Change => "restart",
        PlannedChange.Blocked => "not started: binary missing",
        _ => c.ToString().ToLowerInvariant(),
    };
}
