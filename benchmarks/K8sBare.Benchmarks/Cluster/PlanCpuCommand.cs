using System.Diagnostics;
using System.Globalization;
using K8sBare.Cluster;
using K8sBare.Cluster.Apply;

namespace K8sBare.Benchmarks.Cluster;

/// <summary>
/// <c>plan-cpu [runs]</c>: the scoped "add one worker" plan of <see cref="PlanAddWorkerBenchmarks"/> on the 1000-node
/// cluster, timed per run as wall time and as this process's CPU time (user + system). On a machine shared with other
/// work the wall time measures the queue for the cores; the CPU time is what the plan itself costs, and on an idle
/// machine the wall time approaches it. Prints the median of each.
/// </summary>
public static class PlanCpuCommand
{
    /// <summary>Runs the command when <paramref name="args"/> starts with <c>plan-cpu</c>.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="exitCode">0 on success.</param>
    public static bool TryRun(string[] args, out int exitCode)
    {
        exitCode = 0;
        if (args.Length == 0 || args[0] != "plan-cpu") return false;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var bench = new PlanAddWorkerBenchmarks();
        bench.Setup();
        try
        {
            var proc = Process.GetCurrentProcess();
            var wall = new List<double>();
            var cpu = new List<double>();
            bench.PlanAddWorker(); // warm-up
            for (var i = 0; i < runs; i++)
            {
                proc.Refresh();
                var c0 = proc.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                bench.PlanAddWorker();
                wall.Add(sw.Elapsed.TotalMilliseconds);
                proc.Refresh();
                cpu.Add((proc.TotalProcessorTime - c0).TotalMilliseconds);
            }

            wall.Sort();
            cpu.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"plan 'add one worker' (1000 nodes, scoped), {runs} runs: wall median {wall[runs / 2]:0.0} ms (min {wall[0]:0.0}), CPU median {cpu[runs / 2]:0.0} ms (min {cpu[0]:0.0}); load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        }
        finally
        {
            bench.Cleanup();
        }

        return true;
    }
}
