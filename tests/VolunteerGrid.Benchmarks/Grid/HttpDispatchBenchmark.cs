using BenchmarkDotNet.Attributes;

namespace VolunteerGrid.Benchmarks.Grid;

/// <summary>
/// <see cref="DispatchBenchmark"/>'s round trip (ask for a unit, upload its output, report) over
/// real HTTP: Kestrel on 127.0.0.1, 1,000 simulated hosts with their own tokens, one keep-alive
/// client in the same process (its CPU time is counted too). Goal: ≥ 2,000/s on 2 cores.
/// Run: dotnet tests/VolunteerGrid.Benchmarks/bin/Release/net10.0/VolunteerGrid.Benchmarks.dll --filter '*HttpDispatchBenchmark*'
/// </summary>
[MemoryDiagnoser]
[Config(typeof(DispatchBenchmarkConfig))]
public class HttpDispatchBenchmark
{
    private HttpBenchGrid _grid = null!;
    private TimeSpan _cpuAtStart;

    /// <summary>Hosts reporting at the same time (HTTP requests in flight on the coordinator).</summary>
    [Params(1, 16, 64)]
    public int Concurrency { get; set; }

    /// <summary>Only outputs above the inline size are files that fsync could flush: the benchmark's are inline.</summary>
    [Params(false)]
    public bool FsyncFiles { get; set; }

    [GlobalSetup]
    public void Setup() => _grid = HttpBenchGrid.StartAsync(FsyncFiles).GetAwaiter().GetResult();

    [IterationSetup]
    public void QueueCampaign()
    {
        _grid.QueueCampaign();
        _cpuAtStart = CpuTime.OfProcess();
    }

    [Benchmark(OperationsPerInvoke = BenchGrid.Hosts)]
    public Task DispatchAndReport() => _grid.RoundTripsAsync(Concurrency);

    [IterationCleanup]
    public void RecordCpu()
    {
        CpuTime.Record(RoundTripsColumns.Key(nameof(HttpDispatchBenchmark), Concurrency, FsyncFiles), BenchGrid.Hosts / (CpuTime.OfProcess() - _cpuAtStart).TotalSeconds);
        // Validation is not part of a round trip, but its backlog would slow the next iteration's queries.
        _grid.DutiesAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _grid.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
