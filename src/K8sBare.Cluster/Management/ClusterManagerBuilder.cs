using K8sBare.Cluster.Apply;
using K8sBare.Remote.Transports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace K8sBare.Cluster.Management;

/// <summary>
/// Configures a <see cref="ClusterManager"/> once (like Npgsql's data-source builder): the local PKI store,
/// how hosts are reached, logging, progress, rollout and timeouts. <see cref="Build"/> returns an immutable
/// manager; operations take the <see cref="ClusterSpec"/> per call.
/// </summary>
/// <example><code>
/// var manager = new ClusterManagerBuilder()
///     .UsePkiDirectory("~/.k8sbare/pki")
///     .UseSsh(HostKeyPolicy.Strict)
///     .UseLoggerFactory(loggerFactory)
///     .UseRollout(new RolloutOptions { WorkerBatchSize = 5 })
///     .Build();
/// var plan = await manager.PlanAsync(spec);
/// Console.WriteLine(plan.ToTable());
/// var result = await manager.ApplyAsync(plan);
/// </code></example>
public sealed class ClusterManagerBuilder
{
    private Func<ClusterSpec, string>? _pkiDirectory;
    private IHostConnectionFactory? _connections;
    private Func<ILoggerFactory, IHostConnectionFactory>? _connectionsFactory;
    private ILoggerFactory _loggerFactory = NullLoggerFactory.Instance;
    private IProgress<ApplyEvent>? _progress;
    private RolloutOptions _rollout = new();
    private Func<ApplyOptions, ApplyOptions>? _apply;
    private Uri? _apiServer;

    /// <summary>
    /// The local PKI store of the cluster(s) this manager operates (CA keys live only here; created with mode 0700 when
    /// missing). One store holds one cluster: to operate several clusters, use <see cref="UsePkiDirectory(Func{ClusterSpec, string})"/>.
    /// Required (one of the two).
    /// </summary>
    /// <param name="directory">A folder path.</param>
    /// <exception cref="ArgumentException">Empty path.</exception>
    public ClusterManagerBuilder UsePkiDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _pkiDirectory = _ => directory;
        return this;
    }

    /// <summary>One PKI store per cluster, chosen from the spec (e.g. <c>spec =&gt; Path.Combine(root, spec.Name)</c>).</summary>
    /// <param name="directoryOf">The store folder of a cluster; must not return an empty path.</param>
    public ClusterManagerBuilder UsePkiDirectory(Func<ClusterSpec, string> directoryOf)
    {
        _pkiDirectory = directoryOf ?? throw new ArgumentNullException(nameof(directoryOf));
        return this;
    }

    /// <summary>Reaches hosts through this factory (SSH, folders, or your own transport).</summary>
    /// <param name="connections">The factory.</param>
    public ClusterManagerBuilder UseConnections(IHostConnectionFactory connections)
    {
        _connections = connections ?? throw new ArgumentNullException(nameof(connections));
        _connectionsFactory = null;
        return this;
    }

    /// <summary>Reaches hosts over SSH (the default, with strict host-key checks).</summary>
    /// <param name="hostKeyPolicy">How host keys are verified.</param>
    public ClusterManagerBuilder UseSsh(HostKeyPolicy hostKeyPolicy = HostKeyPolicy.Strict)
    {
        _connections = null;
        _connectionsFactory = lf => new SshConnectionFactory(hostKeyPolicy, lf.CreateLogger("K8sBare.Remote"));
        return this;
    }

    /// <summary>Hosts are folders under <paramref name="root"/> (render-to-folder, dry runs): nothing runs, services are not started.</summary>
    /// <param name="root">The folder; one sub-folder per node.</param>
    public ClusterManagerBuilder UseFolders(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        _connections = new DirectoryConnectionFactory(root);
        _connectionsFactory = null;
        return this;
    }

    /// <summary>Loggers for every operation (plans, applies, transports). Default: none.</summary>
    /// <param name="loggerFactory">The factory.</param>
    public ClusterManagerBuilder UseLoggerFactory(ILoggerFactory loggerFactory)
    {
        _loggerFactory = loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory));
        return this;
    }

    /// <summary>Receives every operation's structured progress events.</summary>
    /// <param name="progress">The sink.</param>
    public ClusterManagerBuilder UseProgress(IProgress<ApplyEvent> progress)
    {
        _progress = progress ?? throw new ArgumentNullException(nameof(progress));
        return this;
    }

    /// <summary>How restarts roll (one etcd/apiserver host at a time with health gates; worker batches).</summary>
    /// <param name="rollout">The options.</param>
    /// <exception cref="ArgumentOutOfRangeException">Invalid values (see <see cref="RolloutOptions.Validate"/>).</exception>
    public ClusterManagerBuilder UseRollout(RolloutOptions rollout)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        rollout.Validate();
        _rollout = rollout;
        return this;
    }

    /// <summary>Adjusts the apply defaults (timeouts, parallelism, binary cache); the store, progress, logger and rollout set here win.</summary>
    /// <param name="configure">Returns the changed options (records: use <c>with</c>).</param>
    public ClusterManagerBuilder ConfigureApply(Func<ApplyOptions, ApplyOptions> configure)
    {
        _apply = configure ?? throw new ArgumentNullException(nameof(configure));
        return this;
    }

    /// <summary>The API server URL <see cref="ClusterManager.ConnectKubernetesAsync"/> uses instead of the spec's endpoint (e.g. one control-plane node).</summary>
    /// <param name="server">An https URL.</param>
    public ClusterManagerBuilder UseApiServer(Uri server)
    {
        _apiServer = server ?? throw new ArgumentNullException(nameof(server));
        return this;
    }

    /// <summary>Builds the manager.</summary>
    /// <exception cref="InvalidOperationException">No PKI store was set (the message names <see cref="UsePkiDirectory(string)"/>).</exception>
    public ClusterManager Build()
    {
        var pki = _pkiDirectory ?? throw new InvalidOperationException(
            "ClusterManagerBuilder needs a PKI store: call UsePkiDirectory(path) (the folder holding the cluster's CA; it is created when missing).");
        var connections = _connections ?? (_connectionsFactory ?? (lf => new SshConnectionFactory(HostKeyPolicy.Strict, lf.CreateLogger("K8sBare.Remote"))))(_loggerFactory);
        // PkiDirectory is set per operation from the spec; the placeholder never reaches an operation.
        var defaults = new ApplyOptions { PkiDirectory = "(per cluster)" };
        if (_apply is not null) defaults = _apply(defaults) ?? throw new InvalidOperationException("ConfigureApply returned null.");
        defaults = defaults with
        {
            Progress = _progress ?? defaults.Progress,
            Logger = _loggerFactory.CreateLogger("K8sBare.Cluster"),
            Rollout = _rollout,
            Phases = null,
            Hosts = null,
        };
        return new ClusterManager(connections, _loggerFactory, defaults, pki, _apiServer);
    }
}
