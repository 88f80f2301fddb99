using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace VolunteerGrid.Benchmarks.Grid;

/// <summary>Round trips per wall-clock second (from the mean) and per CPU-second of the process (recorded by the benchmark).</summary>
internal sealed class RoundTripsColumns(bool perCpuSecond) : IColumn
{
    public static string Key(string benchmark, int concurrency, bool fsync) => $"{benchmark}/{concurrency}/{fsync}";

    public string Id => perCpuSecond ? "RoundTripsPerCpuSecond" : "RoundTripsPerSecond";

    public string ColumnName => perCpuSecond ? "RT/CPU-s" : "RT/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => perCpuSecond ? 1 : 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => perCpuSecond
        ? "Round trips per CPU-second of the benchmark process (median over iterations)"
        : "Round trips per wall-clock second (1 / mean)";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (!perCpuSecond)
        {
            var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
            return mean is > 0 ? (1e9 / mean.Value).ToString("N0", CultureInfo.InvariantCulture) : "-";
        }
        // Only the SQLite dispatch benchmarks record CPU time (keyed by their two parameters); other
        // benchmarks that share the config (PostgresDispatchBenchmark) show "-" instead of failing.
        if (benchmarkCase.Parameters["Concurrency"] is not int concurrency || benchmarkCase.Parameters["FsyncFiles"] is not bool fsync)
            return "-";
        return CpuTime.Median(Key(benchmarkCase.Descriptor.Type.Name, concurrency, fsync)) is { } rate ? rate.ToString("N0", CultureInfo.InvariantCulture) : "-";
    }

    public override string ToString() => ColumnName;
}
