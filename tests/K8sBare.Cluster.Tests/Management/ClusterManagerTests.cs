using System.Collections.Concurrent;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Management;
using K8sBare.Cluster.DependencyInjection;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace K8sBare.Cluster.Tests.Management;

/// <summary>The entry point: configured once by the builder, operations per spec (folder targets: the Directory transport).</summary>
public sealed class ClusterManagerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Building_without_a_PKI_store_names_the_builder_call()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new ClusterManagerBuilder().UseFolders(_dir.Combine("out")).Build());
        Assert.Contains("UsePkiDirectory", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClusterManagerBuilder().UseRollout(new RolloutOptions { WorkerBatchSize = 0 }));
    }

    [Fact]
    public async Task One_manager_plans_and_applies_two_clusters_with_its_store_transport_progress_and_loggers()
    {
        var events = new ConcurrentQueue<ApplyEvent>();
        using var loggers = new CountingLoggerFactory();
        var manager = new ClusterManagerBuilder()
            .UsePkiDirectory(spec => _dir.Combine("pki", spec.Name))   // one store per cluster
            .UseFolders(_dir.Combine("out"))
            .UseProgress(new Progress(events))
            .UseLoggerFactory(loggers)
            .UseRollout(new RolloutOptions { WorkerBatchSize = 1 })
            .Build();
        Assert.Equal(_dir.Combine("pki", "twenty"), manager.PkiDirectoryOf(SampleSpecs.Twenty()));
        Assert.Equal(1, manager.Defaults.Rollout.WorkerBatchSize);

        var plan = await manager.PlanAsync(SampleSpecs.Twenty());
        Assert.False(plan.IsEmpty);
        var result = await manager.ApplyAsync(plan);
        Assert.Contains(result.Changes, c => c.Host == "node-2" && c.Target == "/etc/init.d/kubelet");
        Assert.True(File.Exists(_dir.Combine("out", "node-2", "etc", "init.d", "kubelet")));
        Assert.True(File.Exists(_dir.Combine("pki", "twenty", "ca.key")));
        Assert.Contains(events, e => e.Phase == ApplyPhase.Files && e.Host == "node-2");
        Assert.True(loggers.Lines > 0);

        // Not bound to one spec: the same manager plans another cluster (the HA sample's hosts) in its own store, scoped to one host.
        var ha = SampleSpecs.Ha();
        var scoped = await manager.PlanAsync(ha, OperationScope.Limit(ha.WorkerNodes.First().Name));
        Assert.Equal([ha.WorkerNodes.First().Name], scoped.Scope);
        Assert.True(File.Exists(_dir.Combine("pki", "ha", "ca.key")));

        // The first cluster is now as planned.
        Assert.True((await manager.PlanAsync(SampleSpecs.Twenty())).IsEmpty);
    }

    [Fact]
    public async Task DI_registers_the_manager_with_the_configured_options_and_the_client_goes_through_it()
    {
        using var loggers = new CountingLoggerFactory();
        await using var sp = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(loggers)
            .AddK8sBare(o => { o.PkiDirectory = _dir.Combine("pki"); o.FolderRoot = _dir.Combine("hosts"); o.Rollout = new RolloutOptions { WorkerBatchSize = 2 }; })
            .BuildServiceProvider();
        var manager = sp.GetRequiredService<ClusterManager>();
        Assert.Same(manager, sp.GetRequiredService<K8sBareClient>().Manager);
        Assert.IsType<DirectoryConnectionFactory>(manager.Connections);
        Assert.Equal(2, manager.Rollout.WorkerBatchSize);
        Assert.Same(loggers, manager.LoggerFactory);
        var result = await manager.ApplyAsync(SampleSpecs.Twenty(), OperationScope.OnlyPhases(ApplyPhase.Pki, ApplyPhase.Files));
        Assert.Equal([ApplyPhase.Pki, ApplyPhase.Files], result.Phases);
        Assert.True(File.Exists(_dir.Combine("hosts", "node-2", "etc", "init.d", "kubelet")));
        Assert.True(loggers.Lines > 0);
    }

    [Fact]
    public async Task Day_two_operations_on_the_manager_use_its_store_and_transport_and_refuse_before_contacting_a_host()
    {
        var connections = new RecordingConnectionFactory(_dir.Combine("hosts"));
        var manager = new ClusterManagerBuilder()
            .UsePkiDirectory(spec => _dir.Combine("pki", spec.Name))
            .UseConnections(connections)
            .Build();
        var twenty = SampleSpecs.Twenty();
        Assert.Equal(_dir.Combine("pki", "twenty"), manager.NodeOptionsFor(twenty).PkiDirectory);
        Assert.True(manager.NodeOptionsFor(twenty, allowEvenMemberCount: true).AllowEvenMemberCount);

        // Removing the only control plane and etcd member: refused by the manager's node operations, no host opened.
        var ex = await Assert.ThrowsAsync<K8sBare.Cluster.Operations.UnsafeNodeOperationException>(() => manager.RemoveNodeAsync(twenty, "master"));
        Assert.Contains("last etcd member", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, connections.Opened);
        Assert.False(Directory.Exists(_dir.Combine("pki", "twenty")));
    }

    private sealed class Progress(ConcurrentQueue<ApplyEvent> sink) : IProgress<ApplyEvent>
    {
        public void Report(ApplyEvent value) => sink.Enqueue(value);
    }

    private sealed class CountingLoggerFactory : ILoggerFactory, ILogger
    {
        private int _lines;

        public int Lines => _lines;

        public void AddProvider(ILoggerProvider provider) { }

        public ILogger CreateLogger(string categoryName) => this;

        public void Dispose() { }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Interlocked.Increment(ref _lines);
    }
}
