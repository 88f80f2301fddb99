using BenchmarkDotNet.Attributes;

namespace VolunteerGrid.Benchmarks.Grid;

/// <summary>
/// Dispatch + result-report round trips against SQLite with 1,000 simulated hosts: each host asks
/// for a unit (lease and CMS-signed manifest), uploads its output (hashed, maybe fsynced, renamed)
/// and reports completion. Every iteration queues a fresh campaign of 500 units at quorum 2, so
/// each unit goes to two distinct hosts. One operation = one round trip. Goal: ≥ 2,000/s (BOINC:
/// ≈100/s per server). Besides wall-clock round trips/s the summary shows round trips per CPU-second
/// of this process, which a machine shared with other work disturbs far less.
/// Run: dotnet tests/VolunteerGrid.Benchmarks/bin/Release/net10.0/VolunteerGrid.Benchmarks.dll --filter '*DispatchBenchmark*'
/// </summary>
[MemoryDiagnoser]
[Config(typeof(DispatchBenchmarkConfig))]
public class DispatchBenchmark
{
    private BenchGrid _grid = null!;
    private TimeSpan _cpuAtStart;

    /// <summary>Hosts reporting at the same time (HTTP requests in flight on the coordinator).</summary>
    [Params(1, 16, 64)]
    public int Concurrency { get; set; }

    /// <summary>With fsync every upload waits for a disk flush (power-loss safety); without, kill -9 safety only.</summary>
    [Params(true, false)]
    public bool FsyncFiles { get; set; }

    [GlobalSetup]
    public void Setup() => _grid = new BenchGrid(FsyncFiles);

    [IterationSetup]
    public void QueueCampaign()
    {
        _grid.QueueCampaign();
        _cpuAtStart = CpuTime.OfProcess();
    }

    [Benchmark(OperationsPerInvoke = BenchGrid.Hosts)]
    public Task DispatchAndReport() => _grid.RoundTripsAsync(Concurrency);

    [IterationCleanup]
    public void RecordCpu() =>
        CpuTime.Record(RoundTripsColumns.Key(nameof(DispatchBenchmark), Concurrency, FsyncFiles), BenchGrid.Hosts / (CpuTime.OfProcess() - _cpuAtStart).TotalSeconds);

    [GlobalCleanup]
    public void Cleanup() => _grid.Dispose();
}
