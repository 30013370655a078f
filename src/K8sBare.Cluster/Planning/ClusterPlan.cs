using System.Globalization;
using System.Text;
using K8sBare.Cluster.Artifacts;

namespace K8sBare.Cluster.Planning;

/// <summary>
/// What an apply would do: per phase and host, each step with its target and reason, plus what planning
/// read from the hosts. It is data: review it, then hand it to <c>ClusterApplier.ApplyAsync(plan, …)</c>,
/// which runs exactly these steps and refuses the plan when a host changed since it was made. Planning
/// changes nothing.
/// </summary>
public sealed record ClusterPlan
{
    /// <summary>The spec planned.</summary>
    public required ClusterSpec Spec { get; init; }

    /// <summary>The workflow planned (<see cref="Workflow.Apply"/>).</summary>
    public required Workflow Workflow { get; init; }

    /// <summary>The phases planned, in run order.</summary>
    public IReadOnlyList<ApplyPhase> Phases { get; init; } = [];

    /// <summary>The hosts planned (all nodes, or the scope the plan was limited to), in spec order.</summary>
    public IReadOnlyList<string> Scope { get; init; } = [];

    /// <summary>Every step in run order (phase, then host in spec order, cluster-wide steps after the host steps of their phase).</summary>
    public IReadOnlyList<PlannedStep> Steps { get; init; } = [];

    /// <summary>One plan per host in scope, in spec order.</summary>
    public IReadOnlyList<HostPlan> Hosts { get; init; } = [];

    /// <summary>What planning read (files, services, markers, binaries, facts, etcd keys); an apply refuses the plan when one differs.</summary>
    public IReadOnlyList<ObservedState> Observations { get; init; } = [];

    /// <summary>Problems that do not stop an apply (swap on, ip_forward off, spec warnings).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The artifacts the plan writes (rendered with the hosts' facts).</summary>
    public required ClusterArtifacts Artifacts { get; init; }

    /// <summary>The hosts an apply would change.</summary>
    public IEnumerable<string> HostsWithChanges => Hosts.Where(h => h.HasChanges).Select(h => h.Host);

    /// <summary>True when applying would change nothing (health gates, services that cannot start and deferred steps aside).</summary>
    public bool IsEmpty => !Steps.Any(s => s.IsChange);

    /// <summary>
    /// The rolling restarts, in roll order: one gate step per host (<see cref="PlannedStep.RollBatch"/>); the hosts
    /// of a batch restart together and the next batch waits until they passed their gates.
    /// </summary>
    public IReadOnlyList<PlannedStep> RollOrder => Steps.Where(s => s.RollBatch is not null).ToList();

    /// <summary>The plan for one host.</summary>
    /// <param name="host">The host name.</param>
    /// <exception cref="KeyNotFoundException">The host is not in the plan.</exception>
    public HostPlan this[string host] => Hosts.FirstOrDefault(h => h.Host == host)
        ?? throw new KeyNotFoundException($"Host '{host}' is not in the plan; planned hosts: {string.Join(", ", Scope)}.");

    /// <summary>The steps of one phase, in run order.</summary>
    /// <param name="phase">The phase.</param>
    public IReadOnlyList<PlannedStep> StepsOf(ApplyPhase phase) => Steps.Where(s => s.Phase == phase).ToList();

    /// <summary>A readable table: one row per host, then the steps that change something, then cluster-wide steps.</summary>
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
            foreach (var s in h.Steps.Where(s => s.IsChange || s.Kind == ChangeKind.ServiceNotStarted || s.RollBatch is not null))
                sb.Append(inv, $"  {Symbol(s.Kind)} [{s.Phase.Name}] {Word(s.Kind)} {s.Target} ({s.Reason})\n");
        }

        foreach (var phase in RollOrder.GroupBy(s => s.Phase))
        {
            var batches = phase.GroupBy(s => s.RollBatch!.Value).OrderBy(b => b.Key).Select(b => string.Join(" + ", b.Select(s => s.Host)));
            sb.Append(inv, $"\nrolling restart [{phase.Key.Name}]: {string.Join(" → ", batches)} (gate after each: {phase.First().Target})\n");
        }

        var cluster = Steps.Where(s => s.Host is null).ToList();
        if (cluster.Count > 0)
        {
            sb.Append("\ncluster:\n");
            foreach (var s in cluster)
                sb.Append(inv, $"  {(s.Deferred ? "?" : Symbol(s.Kind))} [{s.Phase.Name}] {Word(s.Kind)} {s.Target} ({s.Reason})\n");
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

    private static string Symbol(ChangeKind k) => k switch
    {
        ChangeKind.FileCreated or ChangeKind.DirectoryEnsured or ChangeKind.ServiceEnabled => "+",
        ChangeKind.ServiceNotStarted => "!",
        ChangeKind.BinaryUploaded or ChangeKind.BinaryLinked => "^",
        ChangeKind.HealthChecked => "=",
        _ => "~",
    };

    private static string Word(ChangeKind k) => k switch
    {
        ChangeKind.FileCreated => "create",
        ChangeKind.FileUpdated => "rewrite",
        ChangeKind.DirectoryEnsured => "directory",
        ChangeKind.BinaryUploaded => "upload binary",
        ChangeKind.BinaryLinked => "link binary",
        ChangeKind.HostSettingApplied => "apply",
        ChangeKind.ServiceEnabled => "enable service",
        ChangeKind.ServiceStarted => "start service",
        ChangeKind.ServiceRestarted => "restart service",
        ChangeKind.ServiceNotStarted => "not started: service",
        ChangeKind.EtcdKeyWritten => "write etcd key",
        ChangeKind.ApiObjectApplied => "apply API objects",
        ChangeKind.HealthChecked => "wait for",
        _ => k.ToString(),
    };
}
