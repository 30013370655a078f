using System.Collections.Concurrent;
using K8sBare.Cluster.Apply;
using K8sBare.Remote;
using K8sBare.Remote.Commands;
using K8sBare.Remote.Facts;
using K8sBare.Remote.Files;

namespace K8sBare.Cluster.Tests.Support;

/// <summary>One call an apply made on a host connection while the factory was recording.</summary>
/// <param name="Index">0-based position among the recorded calls.</param>
/// <param name="Host">The host.</param>
/// <param name="Operation">run, write, write-batch, stat, mkdir, remove, read, facts.</param>
/// <param name="Detail">The command, or the paths.</param>
/// <param name="BatchSize">For write-batch: how many files.</param>
internal sealed record TransportStep(int Index, string Host, string Operation, string Detail, int BatchSize = 0)
{
    public override string ToString() => $"#{Index} {Host} {Operation} {Detail}";
}

/// <summary>
/// Where to cut an apply: before recorded step <see cref="Step"/> runs, or — with <see cref="FilesBeforeCut"/> — inside
/// that step's write batch after its first N files were written (each atomically, as the real batch writes them in order).
/// The cut cancels <see cref="Source"/> (the apply's token), exactly as a user pressing Ctrl-C at that moment.
/// </summary>
internal sealed record CutPoint(int Step, CancellationTokenSource Source, int? FilesBeforeCut = null)
{
    public override string ToString() => FilesBeforeCut is { } n ? $"inside step #{Step} after {n} file(s)" : $"before step #{Step}";
}

/// <summary>
/// Wraps a real connection factory (SSH to the test bed): records every call made on the hosts, and can cut the run
/// at a chosen step (<see cref="Cut"/>), run something on the host before a step (<see cref="BeforeStep"/>, to play a
/// product that does things it does not report), or alter a write batch (<see cref="AlterBatch"/>, to play a product
/// that reports files it never wrote). Only faults are injected; every call that runs goes to the real transport.
/// </summary>
internal sealed class FaultInjectingConnectionFactory(IHostConnectionFactory inner) : IHostConnectionFactory
{
    private readonly ConcurrentQueue<TransportStep> _steps = new();
    private int _next;
    private volatile bool _recording;

    public bool IsOffline => inner.IsOffline;

    /// <summary>Calls are recorded (and can be cut) only while true.</summary>
    public bool Recording { get => _recording; set => _recording = value; }

    /// <summary>The recorded calls, in order.</summary>
    public IReadOnlyList<TransportStep> Steps => _steps.OrderBy(s => s.Index).ToList();

    public CutPoint? Cut { get; set; }

    /// <summary>Set when <see cref="Cut"/> fired.</summary>
    public TransportStep? CutAt { get; private set; }

    /// <summary>Runs before each call (recorded or not) with the real connection.</summary>
    public Func<string, string, IHostConnection, CancellationToken, Task>? BeforeStep { get; set; }

    /// <summary>Replaces the files of a write batch (host, files) before it goes to the real transport.</summary>
    public Func<string, IReadOnlyList<RemoteFile>, IReadOnlyList<RemoteFile>>? AlterBatch { get; set; }

    public async Task<IHostConnection> OpenAsync(NodeSpec node, CancellationToken cancellationToken = default) =>
        new Connection(this, await inner.OpenAsync(node, cancellationToken).ConfigureAwait(false));

    /// <summary>Stops recording and forgets the recorded steps and the cut.</summary>
    public void Reset()
    {
        _recording = false;
        _steps.Clear();
        _next = 0;
        Cut = null;
        CutAt = null;
    }

    private async Task BeforeAsync(IHostConnection real, string operation, string detail, int batch, IReadOnlyList<RemoteFile>? files, CancellationToken ct)
    {
        if (BeforeStep is { } before) await before(real.Name, operation + " " + detail, real, ct).ConfigureAwait(false);
        if (!_recording) return;
        var step = new TransportStep(Interlocked.Increment(ref _next) - 1, real.Name, operation, detail, batch);
        _steps.Enqueue(step);
        if (Cut is not { } cut || cut.Step != step.Index) return;
        CutAt = step;
        if (cut.FilesBeforeCut is { } n && files is not null)
            await real.WriteFilesAsync(files.Take(n).ToList(), ct).ConfigureAwait(false);
        await cut.Source.CancelAsync().ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        throw new OperationCanceledException($"cut {cut}", cut.Source.Token);
    }

    private sealed class Connection(FaultInjectingConnectionFactory owner, IHostConnection real) : IHostConnection
    {
        public string Name => real.Name;

        public HostTransport Transport => real.Transport;

        public async Task<CommandResult> RunAsync(string command, CommandOptions? options = null, CancellationToken cancellationToken = default)
        {
            await owner.BeforeAsync(real, "run", command, 0, null, cancellationToken).ConfigureAwait(false);
            return await real.RunAsync(command, options, cancellationToken).ConfigureAwait(false);
        }

        public async Task WriteFileAsync(string path, Stream content, FileWriteOptions? options = null, CancellationToken cancellationToken = default)
        {
            await owner.BeforeAsync(real, "write", path, 1, null, cancellationToken).ConfigureAwait(false);
            await real.WriteFileAsync(path, content, options, cancellationToken).ConfigureAwait(false);
        }

        public async Task WriteFilesAsync(IReadOnlyList<RemoteFile> files, CancellationToken cancellationToken = default)
        {
            var altered = owner.AlterBatch is { } alter ? alter(real.Name, files) : files;
            await owner.BeforeAsync(real, "write-batch", string.Join(" ", files.Select(f => f.Path)), files.Count, altered, cancellationToken).ConfigureAwait(false);
            await real.WriteFilesAsync(altered, cancellationToken).ConfigureAwait(false);
        }

        public async Task<byte[]?> ReadFileAsync(string path, CancellationToken cancellationToken = default)
        {
            await owner.BeforeAsync(real, "read", path, 0, null, cancellationToken).ConfigureAwait(false);
            return await real.ReadFileAsync(path, cancellationToken).ConfigureAwait(false);
        }

        public async Task<IReadOnlyList<RemoteFileState>> StatFilesAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
        {
            await owner.BeforeAsync(real, "stat", $"{paths.Count} path(s)", 0, null, cancellationToken).ConfigureAwait(false);
            return await real.StatFilesAsync(paths, cancellationToken).ConfigureAwait(false);
        }

        public async Task<bool> EnsureDirectoryAsync(string path, UnixFileMode? mode = null, string? owner1 = null, CancellationToken cancellationToken = default)
        {
            await owner.BeforeAsync(real, "mkdir", path, 0, null, cancellationToken).ConfigureAwait(false);
            return await real.EnsureDirectoryAsync(path, mode, owner1, cancellationToken).ConfigureAwait(false);
        }

        public async Task<bool> RemoveAsync(string path, CancellationToken cancellationToken = default)
        {
            await owner.BeforeAsync(real, "remove", path, 0, null, cancellationToken).ConfigureAwait(false);
            return await real.RemoveAsync(path, cancellationToken).ConfigureAwait(false);
        }

        public async Task<HostFacts> GatherFactsAsync(CancellationToken cancellationToken = default)
        {
            await owner.BeforeAsync(real, "facts", "", 0, null, cancellationToken).ConfigureAwait(false);
            return await real.GatherFactsAsync(cancellationToken).ConfigureAwait(false);
        }

        public ValueTask DisposeAsync() => real.DisposeAsync();
    }
}
