using System.Collections.Concurrent;
using System.Diagnostics;

namespace VolunteerGrid.Benchmarks.Grid;

/// <summary>
/// CPU time of this process and per-case rates measured with it. The benchmarks run in-process,
/// so the summary's columns read what the iterations recorded.
/// </summary>
internal static class CpuTime
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<double>> Rates = new(StringComparer.Ordinal);

    public static TimeSpan OfProcess()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    public static void Record(string key, double rate) => Rates.GetOrAdd(key, _ => new ConcurrentQueue<double>()).Enqueue(rate);

    /// <summary>Median of the recorded rates (the first, warm-up iteration included: the median shrugs it off).</summary>
    public static double? Median(string key)
    {
        if (!Rates.TryGetValue(key, out var queue) || queue.IsEmpty)
            return null;
        var sorted = queue.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
