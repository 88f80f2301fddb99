using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace VolunteerGrid.Benchmarks.Grid;

/// <summary>
/// One invocation per iteration (each drains a freshly queued campaign), few iterations, and the
/// in-process toolchain: the generated-project build exceeds BenchmarkDotNet's 2-minute build
/// timeout on the shared 2-core machine.
/// </summary>
public sealed class DispatchBenchmarkConfig : ManualConfig
{
    public DispatchBenchmarkConfig()
    {
        AddColumn(new RoundTripsColumns(perCpuSecond: false), new RoundTripsColumns(perCpuSecond: true));
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(3)
            .WithInvocationCount(1)
            .WithUnrollFactor(1));
    }
}
