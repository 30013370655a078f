using System.Diagnostics;

namespace K8sBare.Remote.Fleet;

/// <summary>Runs a step on many hosts with bounded parallelism, a failure policy and progress events.</summary>
public static class FanOut
{
    /// <summary>Runs <paramref name="step"/> on every connection.</summary>
    /// <typeparam name="T">The step's value type.</typeparam>
    /// <param name="hosts">The connections, started in this order; each host's name comes from <see cref="IHostConnection.Name"/>.</param>
    /// <param name="stepName">The step's name for events and messages.</param>
    /// <param name="step">The work for one host; honour the token (it is cancelled by <paramref name="cancellationToken"/> and, under <see cref="FailurePolicy.StopAll"/>, by another host's failure).</param>
    /// <param name="options">Parallelism (16 hosts at a time by default), failure policy (stop all by default), progress; null for defaults.</param>
    /// <param name="cancellationToken">Cancels every host: running ones end <see cref="HostStepState.Cancelled"/>, the rest <see cref="HostStepState.Skipped"/>.</param>
    /// <returns>One result per host, in the given order; a step's failure is recorded there, not thrown (see <see cref="FanOutResult{T}.EnsureSuccess"/>).</returns>
    /// <exception cref="ArgumentException"><see cref="FanOutOptions.MaxParallelism"/> is below 1.</exception>
    public static Task<FanOutResult<T>> RunAsync<T>(IReadOnlyList<IHostConnection> hosts, string stepName,
        Func<IHostConnection, CancellationToken, Task<T>> step, FanOutOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync(hosts, h => h.Name, stepName, step, options, cancellationToken);

    /// <summary>Runs <paramref name="step"/> on every item (e.g. host settings, so connecting is part of the step).</summary>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <typeparam name="T">The step's value type.</typeparam>
    /// <param name="items">The items, one per host, started in this order.</param>
    /// <param name="hostName">Names an item's host (for results, events and messages).</param>
    /// <param name="stepName">The step's name for events and messages.</param>
    /// <param name="step">The work for one item; honour the token (it is cancelled by <paramref name="cancellationToken"/> and, under <see cref="FailurePolicy.StopAll"/>, by another host's failure).</param>
    /// <param name="options">Parallelism (16 hosts at a time by default), failure policy (stop all by default), progress; null for defaults.</param>
    /// <param name="cancellationToken">Cancels every host: running ones end <see cref="HostStepState.Cancelled"/>, the rest <see cref="HostStepState.Skipped"/>.</param>
    /// <returns>One result per item, in the given order; a step's failure is recorded there, not thrown (see <see cref="FanOutResult{T}.EnsureSuccess"/>).</returns>
    /// <exception cref="ArgumentException"><see cref="FanOutOptions.MaxParallelism"/> is below 1.</exception>
    public static async Task<FanOutResult<T>> RunAsync<TItem, T>(IReadOnlyList<TItem> items, Func<TItem, string> hostName, string stepName,
        Func<TItem, CancellationToken, Task<T>> step, FanOutOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(hostName);
        ArgumentNullException.ThrowIfNull(step);
        options ??= FanOutOptions.Default;
        if (options.MaxParallelism < 1)
            throw new ArgumentException($"FanOutOptions.MaxParallelism is {options.MaxParallelism}; it must be at least 1.", nameof(options));

        var results = new HostResult<T>[items.Count];
        using var stopAll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var gate = new SemaphoreSlim(options.MaxParallelism);
        var progress = options.Progress;

        void Skip(int i)
        {
            var name = hostName(items[i]);
            results[i] = new HostResult<T>(name, HostStepState.Skipped, default, null, TimeSpan.Zero);
            progress?.Report(new HostProgress(name, stepName, HostStepState.Skipped, TimeSpan.Zero));
        }

        async Task RunOne(int i)
        {
            var name = hostName(items[i]);
            var sw = Stopwatch.StartNew();
            try
            {
                progress?.Report(new HostProgress(name, stepName, HostStepState.Started, TimeSpan.Zero));
                var value = await step(items[i], stopAll.Token).ConfigureAwait(false);
                results[i] = new HostResult<T>(name, HostStepState.Succeeded, value, null, sw.Elapsed);
                progress?.Report(new HostProgress(name, stepName, HostStepState.Succeeded, sw.Elapsed));
            }
            catch (OperationCanceledException oce) when (stopAll.IsCancellationRequested)
            {
                results[i] = new HostResult<T>(name, HostStepState.Cancelled, default, oce, sw.Elapsed);
                progress?.Report(new HostProgress(name, stepName, HostStepState.Cancelled, sw.Elapsed));
            }
            catch (Exception ex)
            {
                results[i] = new HostResult<T>(name, HostStepState.Failed, default, ex, sw.Elapsed);
                progress?.Report(new HostProgress(name, stepName, HostStepState.Failed, sw.Elapsed, ex.Message));
                if (options.FailurePolicy == FailurePolicy.StopAll)
                {
                    try { await stopAll.CancelAsync().ConfigureAwait(false); } catch (ObjectDisposedException) { }
                }
            }
            finally
            {
                gate.Release();
            }
        }

        // Hosts start in the given order, at most MaxParallelism at a time.
        var running = new List<Task>(items.Count);
        var next = 0;
        for (; next < items.Count; next++)
        {
            try
            {
                await gate.WaitAsync(stopAll.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            if (stopAll.IsCancellationRequested)
            {
                gate.Release();
                break;
            }
            var index = next;
            running.Add(Task.Run(() => RunOne(index), CancellationToken.None));
        }
        for (; next < items.Count; next++) Skip(next);
        await Task.WhenAll(running).ConfigureAwait(false);
        return new FanOutResult<T>(stepName, results);
    }
}
