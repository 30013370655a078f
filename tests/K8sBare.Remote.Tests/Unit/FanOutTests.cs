using System.Collections.Concurrent;
using K8sBare.Remote.Fleet;

namespace K8sBare.Remote.Tests;

public sealed class FanOutTests
{
    private sealed class Collect : IProgress<HostProgress>
    {
        public ConcurrentQueue<HostProgress> Events { get; } = new();
        public void Report(HostProgress value) => Events.Enqueue(value);
    }

    private static readonly string[] Hosts = [.. Enumerable.Range(1, 10).Select(i => "h" + i)];

    [Fact]
    public async Task Parallelism_reaches_the_bound_never_exceeds_it_and_every_host_reports()
    {
        // A barrier that opens only when three steps run at the same time: a serial fan-out never opens it and its
        // steps time out (fail); an unbounded one runs more than three at once (peak > 3).
        var running = 0;
        var peak = 0;
        var three = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var progress = new Collect();
        var result = await FanOut.RunAsync(Hosts, h => h, "step", async (h, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            lock (Hosts) peak = Math.Max(peak, now);
            if (now >= 3) three.TrySetResult();
            try
            {
                await three.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
            }
            finally
            {
                Interlocked.Decrement(ref running);
            }
            return h.ToUpperInvariant();
        }, new FanOutOptions { MaxParallelism = 3, Progress = progress });
        result.EnsureSuccess();
        Assert.Equal(3, peak);
        Assert.Equal(Hosts.Select(h => h.ToUpperInvariant()), result.Hosts.Select(r => r.Value));
        Assert.Equal(Hosts.Length * 2, progress.Events.Count);
        Assert.All(Hosts, h =>
        {
            Assert.Contains(progress.Events, e => e.Host == h && e.State == HostStepState.Started && e.Step == "step");
            Assert.Contains(progress.Events, e => e.Host == h && e.State == HostStepState.Succeeded && e.Duration >= TimeSpan.Zero);
        });
    }

    [Fact]
    public async Task A_serial_fan_out_never_opens_the_barrier()
    {
        // The negative control of the test above: with MaxParallelism = 1 the barrier times out, so that test can fail.
        var running = 0;
        var three = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var result = await FanOut.RunAsync(Hosts.Take(3).ToArray(), h => h, "step", async (h, ct) =>
        {
            if (Interlocked.Increment(ref running) >= 3) three.TrySetResult();
            try { await three.Task.WaitAsync(TimeSpan.FromMilliseconds(300), ct); }
            finally { Interlocked.Decrement(ref running); }
            return h;
        }, new FanOutOptions { MaxParallelism = 1, FailurePolicy = FailurePolicy.ContinueOthers });
        Assert.Equal(3, result.Failures.Count);
        Assert.All(result.Failures, f => Assert.IsType<TimeoutException>(f.Error));
    }

    [Fact]
    public async Task StopAll_cancels_running_hosts_and_skips_the_rest()
    {
        var h1Started = new TaskCompletionSource();
        var result = await FanOut.RunAsync(Hosts, h => h, "s", async (h, ct) =>
        {
            if (h == "h1") h1Started.SetResult();
            if (h == "h2")
            {
                await h1Started.Task;
                throw new InvalidOperationException("boom on h2");
            }
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return 1;
        }, new FanOutOptions { MaxParallelism = 2, FailurePolicy = FailurePolicy.StopAll });
        Assert.False(result.Succeeded);
        Assert.Equal(HostStepState.Failed, result.Hosts[1].State);
        Assert.Equal(HostStepState.Cancelled, result.Hosts[0].State);
        Assert.All(result.Hosts.Skip(2), r => Assert.Equal(HostStepState.Skipped, r.State));
        var ex = Assert.Throws<AggregateException>(() => result.EnsureSuccess());
        Assert.Contains("h2", ex.Message);
        Assert.Contains("boom on h2", ex.InnerExceptions.Single().Message);
    }

    [Fact]
    public async Task ContinueOthers_lets_every_other_host_finish()
    {
        var result = await FanOut.RunAsync(Hosts, h => h, "s", async (h, ct) =>
        {
            await Task.Yield();
            return h is "h3" or "h7" ? throw new InvalidOperationException(h) : h;
        }, new FanOutOptions { MaxParallelism = 4, FailurePolicy = FailurePolicy.ContinueOthers });
        Assert.Equal(["h3", "h7"], result.Failures.Select(f => f.Host));
        Assert.Equal(8, result.Hosts.Count(r => r.Succeeded));
    }
}
