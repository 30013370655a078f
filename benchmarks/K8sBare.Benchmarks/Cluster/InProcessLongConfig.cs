using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace K8sBare.Benchmarks.Cluster;

/// <summary>
/// In-process runs (no per-benchmark project build, which times out on a busy 2-core machine) with a long
/// timeout, few iterations: these benchmarks take seconds per operation.
/// </summary>
public sealed class InProcessLongConfig : ManualConfig
{
    /// <summary>Creates the config.</summary>
    public InProcessLongConfig()
    {
        AddJob(Job.Default
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true))
            .WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5)
            .WithId("InProcess"));
    }
}
