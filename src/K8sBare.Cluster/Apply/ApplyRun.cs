using System.Collections.Concurrent;
using System.Diagnostics;
using K8sBare.Cluster.Artifacts;
using K8sBare.Cluster.Planning;
using K8sBare.Pki.Generation;
using K8sBare.Remote.Fleet;
using Microsoft.Extensions.Logging;

namespace K8sBare.Cluster.Apply;

/// <summary>The state of one plan or apply shared by the phases: hosts, PKI, artifacts, planned steps and what was done.</summary>
internal sealed class ApplyRun(ClusterSpec spec, ApplyOptions options, bool offline) : IAsyncDisposable
{
    private readonly ConcurrentQueue<AppliedChange> _changes = new();
    private readonly ConcurrentQueue<ServiceNotStarted> _notStarted = new();
    private readonly ConcurrentQueue<ServiceRestart> _restarts = new();
    private readonly ConcurrentQueue<HostRoll> _rolls = new();
    private readonly ConcurrentQueue<string> _warnings = new();
    private readonly ConcurrentQueue<ApplyEvent> _events = new();
    private readonly ConcurrentQueue<PlannedStep> _clusterSteps = new();
    private readonly ConcurrentQueue<ObservedState> _clusterObservations = new();

    public ClusterSpec Spec { get; } = spec;

    public ApplyOptions Options { get; } = options;

    public bool Offline { get; } = offline;

    public List<HostSession> Hosts { get; } = [];

    public GeneratedPki Pki { get; set; } = null!;

    public ClusterArtifacts? Artifacts { get; set; }

    public BinarySources Sources { get; } = new(options.BinaryCacheDirectory ?? BinarySources.DefaultCacheDirectory);
    /// <summary>The options <see cref="Artifacts"/> were rendered with (the etcd phase re-renders with the settled etcd flags).</summary>
    public Rendering.RenderOptions RenderOptions { get; set; } = new();

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public List<ApplyPhase> PhasesRun { get; } = [];

    public IReadOnlyList<string> Warnings => [.. _warnings];

    /// <summary>Adds a planned step (host steps go to their host).</summary>
    public void Plan(PlannedStep step)
    {
        if (step.Host is null) _clusterSteps.Enqueue(step);
        else Host(step.Host).Plan(step);
    }

    /// <summary>Records something planning read from the cluster (not from one host).</summary>
    public void Observe(ObservedState observed) => _clusterObservations.Enqueue(observed);

    public IReadOnlyList<PlannedStep> ClusterSteps => [.. _clusterSteps];

    public IReadOnlyList<ObservedState> ClusterObservations => [.. _clusterObservations];

    public HostSession Host(string name) => Hosts.First(h => h.Name == name);

    /// <summary>Records a step that ran, in the plan's vocabulary.</summary>
    public void Applied(PlannedStep step, string? target = null) => _changes.Enqueue(new AppliedChange(step.Phase, step.Host, step.Kind, target ?? step.Target) { Step = step });

    /// <summary>Records a change made by a step that decides on the host as it runs (an etcd join or promotion, settling etcd's flags).</summary>
    public void Change(ApplyPhase phase, string? host, ChangeKind kind, string target) => _changes.Enqueue(new AppliedChange(phase, host, kind, target));

    /// <summary>Records a start or restart the init system performed (call only after its command returned).</summary>
    public void Restarted(ApplyPhase phase, string host, string service, bool started) => _restarts.Enqueue(new ServiceRestart(phase, host, service, started));

    /// <summary>Records a host's turn in a rolling restart.</summary>
    public void Rolled(HostRoll roll) => _rolls.Enqueue(roll);

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
        Rolls = _rolls.OrderBy(r => r.Began).ThenBy(r => r.Batch).ToList(),
        NotStarted = _notStarted.OrderBy(n => n.Host, StringComparer.Ordinal).ThenBy(n => n.Service, StringComparer.Ordinal).ToList(),
        Warnings = _warnings.ToList(),
        Events = _events.ToList(),
        Duration = Clock.Elapsed,
        Artifacts = Artifacts,
    };

    /// <summary>
    /// Runs <paramref name="work"/> on each host through <see cref="FanOut"/> (bounded parallelism, the others
    /// go on when one fails), reports events when <paramref name="report"/> is set, and returns the failures as data.
    /// </summary>
    public async Task<IReadOnlyList<ApplyFailure>> ForEachHostAsync(ApplyPhase phase, IReadOnlyList<HostSession> hosts, string step,
        Func<HostSession, CancellationToken, Task<bool>> work, CancellationToken cancellationToken, bool report = true)
    {
        var result = await FanOut.RunAsync(hosts, h => h.Name, step, async (h, ct) =>
        {
            var sw = Stopwatch.StartNew();
            if (report) Event(new ApplyEvent(phase, h.Name, step, ApplyEventState.Started, TimeSpan.Zero));
            try
            {
                var changed = await work(h, ct).ConfigureAwait(false);
                if (report) Event(new ApplyEvent(phase, h.Name, step, changed ? ApplyEventState.Changed : ApplyEventState.Unchanged, sw.Elapsed));
                return changed;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && report)
            {
                Event(new ApplyEvent(phase, h.Name, step, ApplyEventState.Failed, sw.Elapsed, ex.Message));
                throw;
            }
        }, new FanOutOptions { MaxParallelism = Math.Max(1, Options.MaxParallelHosts), FailurePolicy = FailurePolicy.ContinueOthers }, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return result.Hosts.Where(r => r.State == HostStepState.Failed).Select(r => new ApplyFailure(phase, r.Host, step, r.Error!.Message)).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var h in Hosts) await h.Connection.DisposeAsync().ConfigureAwait(false);
        Pki?.Dispose();
    }
}
