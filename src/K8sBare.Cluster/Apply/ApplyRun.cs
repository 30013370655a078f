using System.Collections.Concurrent;
using System.Diagnostics;
using K8sBare.Cluster.Artifacts;
using K8sBare.Pki.Generation;
using Microsoft.Extensions.Logging;

namespace K8sBare.Cluster.Apply;

/// <summary>The state of one apply run shared by the phases.</summary>
internal sealed class ApplyRun(ClusterSpec spec, ApplyOptions options, bool offline)
{
    private readonly ConcurrentQueue<AppliedChange> _changes = new();
    private readonly ConcurrentQueue<ServiceNotStarted> _notStarted = new();
    private readonly ConcurrentQueue<ServiceRestart> _restarts = new();
    private readonly ConcurrentQueue<string> _warnings = new();
    private readonly ConcurrentQueue<ApplyEvent> _events = new();

    public ClusterSpec Spec { get; } = spec;

    public ApplyOptions Options { get; } = options;

    public bool Offline { get; } = offline;

    public List<HostSession> Hosts { get; } = [];

    public GeneratedPki Pki { get; set; } = null!;

    public BinarySources Sources { get; } = new(options.BinaryCacheDirectory ?? BinarySources.DefaultCacheDirectory);

    public ClusterArtifacts? Artifacts { get; set; }

    /// <summary>The options <see cref="Artifacts"/> were rendered with (the etcd phase re-renders with the settled etcd flags).</summary>
    public Rendering.RenderOptions RenderOptions { get; set; } = new();

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public List<ApplyPhase> PhasesRun { get; } = [];

    public void Change(ApplyPhase phase, string? host, ChangeKind kind, string target) => _changes.Enqueue(new AppliedChange(phase, host, kind, target));

    /// <summary>Records a start or restart the init system performed (call only after its command returned).</summary>
    public void Restarted(ApplyPhase phase, string host, string service, bool started) => _restarts.Enqueue(new ServiceRestart(phase, host, service, started));

    public void NotStarted(string host, string service, string reason) => _notStarted.Enqueue(new ServiceNotStarted(host, service, reason));

    public void Warn(string message)
    {
        _warnings.Enqueue(message);
        Options.Logger?.LogWarning("{Warning}", message);
    }

    public void Event(ApplyEvent e)
    {
        _events.Enqueue(e);
        Options.Progress?.Report(e);
        if (Options.Logger is { } log && e.State != ApplyEventState.Started)
            log.Log(e.State == ApplyEventState.Failed ? LogLevel.Error : e.State == ApplyEventState.Warning ? LogLevel.Warning : LogLevel.Information, "{Event}", e.ToString());
    }

    public int ChangeCount => _changes.Count;

    public ApplyResult Result() => new()
    {
        Phases = PhasesRun.ToList(),
        Changes = _changes.ToList(),
        ServiceRestarts = _restarts.ToList(),
        NotStarted = _notStarted.OrderBy(n => n.Host, StringComparer.Ordinal).ThenBy(n => n.Service, StringComparer.Ordinal).ToList(),
        Warnings = _warnings.ToList(),
        Events = _events.ToList(),
        Duration = Clock.Elapsed,
        Artifacts = Artifacts,
    };

    /// <summary>Runs <paramref name="work"/> on each host (bounded parallelism) and gathers failures as messages.</summary>
    public async Task<IReadOnlyList<string>> ForEachHostAsync(ApplyPhase phase, IEnumerable<HostSession> hosts, string step,
        Func<HostSession, CancellationToken, Task<bool>> work, CancellationToken cancellationToken)
    {
        var failures = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(hosts, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Options.MaxParallelHosts), CancellationToken = cancellationToken },
            async (h, ct) =>
            {
                var sw = Stopwatch.StartNew();
                Event(new ApplyEvent(phase, h.Name, step, ApplyEventState.Started, TimeSpan.Zero));
                try
                {
                    var changed = await work(h, ct).ConfigureAwait(false);
                    Event(new ApplyEvent(phase, h.Name, step, changed ? ApplyEventState.Changed : ApplyEventState.Unchanged, sw.Elapsed));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    failures.Enqueue($"{h.Name}: {ex.Message}");
                    Event(new ApplyEvent(phase, h.Name, step, ApplyEventState.Failed, sw.Elapsed, ex.Message));
                }
            }).ConfigureAwait(false);
        return failures.ToList();
    }
}
