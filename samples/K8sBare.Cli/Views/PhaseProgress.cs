using K8sBare.Cluster;
using K8sBare.Cluster.Apply;
using Spectre.Console;

namespace K8sBare.Cli.Views;

/// <summary>Runs an apply-like operation under a Spectre.Console progress display: one bar per phase.</summary>
internal static class PhaseProgress
{
    public static async Task<T> RunAsync<T>(IReadOnlyList<ApplyPhase> phases, int hosts, Func<IProgress<ApplyEvent>, Task<T>> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
            return await work(new Progress<ApplyEvent>(e => { if (e.State is ApplyEventState.Failed or ApplyEventState.Warning) AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(e.ToString())}[/]"); }));

        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var tasks = phases.ToDictionary(p => p, p => ctx.AddTask(p.Name, autoStart: false, maxValue: Math.Max(1, hosts)));
                var sink = new Sink(tasks);
                result = await work(sink);
                foreach (var t in tasks.Values) if (!t.IsFinished && t.IsStarted) t.Value = t.MaxValue;
            });
        return result;
    }

    private sealed class Sink(Dictionary<ApplyPhase, ProgressTask> tasks) : IProgress<ApplyEvent>
    {
        private readonly object _gate = new();

        public void Report(ApplyEvent e)
        {
            lock (_gate)
            {
                if (!tasks.TryGetValue(e.Phase, out var task)) return;
                if (e.Host is null && e.Step == "phase")
                {
                    if (e.State == ApplyEventState.Started) task.StartTask();
                    else
                    {
                        task.Value = task.MaxValue;
                        task.Description = $"{e.Phase.Name} [grey]{e.State.ToString().ToLowerInvariant()}[/]";
                    }
                }
                else if (e.Host is not null && e.State is not ApplyEventState.Started)
                {
                    if (!task.IsStarted) task.StartTask();
                    task.Increment(1);
                }
            }
        }
    }
}
