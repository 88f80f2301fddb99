using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using VolunteerGrid.WorkUnits.Wavelets;

namespace VolunteerGrid.Benchmarks.Wavelets;

/// <summary>
/// The C# half of scripts/denoise-vs-skimage.sh: a plain timing loop (BenchmarkDotNet's generated
/// build times out on this loaded machine at 4096²). Times plain and cycle-spun db2 BayesShrink on one
/// core, best of N, wall and CPU seconds: on a shared machine a single-threaded run burns exactly
/// its CPU time, so CPU seconds are the honest per-core figure.
/// Usage: denoise-side-by-side REPEATS SIZE... (images from $VGRID_DENOISE_DATA_DIR, as DenoiseBenchmarks);
/// denoise-alloc SIZE: bytes allocated and collections per call;
/// denoise-stages SIZE: CPU seconds per stage of a single-shift denoise (best of 20), to find the hot spot.
/// </summary>
public static partial class DenoiseSideBySide
{
    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID (Linux)

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>
    /// CPU seconds of this thread (nanosecond resolution, unlike the process's 10 ms ticks); with
    /// MaxDegreeOfParallelism = 1 every row block runs inline on it. Falls back to process time off Linux.
    /// </summary>
    private static double ThreadCpuSeconds() =>
        OperatingSystem.IsLinux() && ClockGetTime(ThreadCpuClock, out var t) == 0
            ? t.Seconds + (t.Nanoseconds * 1e-9)
            : Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static readonly ParallelOptions OneCore = new() { MaxDegreeOfParallelism = 1 };

    public static bool TryRun(string[] args)
    {
        if (args is ["denoise-stages", var size])
        {
            Stages(int.Parse(size, CultureInfo.InvariantCulture));
            return true;
        }
        if (args is ["denoise-alloc", var allocSize])
        {
            Allocations(int.Parse(allocSize, CultureInfo.InvariantCulture));
            return true;
        }
        if (args.Length < 3 || args[0] != "denoise-side-by-side")
            return false;
        var repeats = int.Parse(args[1], CultureInfo.InvariantCulture);
        foreach (var n in args[2..].Select(a => int.Parse(a, CultureInfo.InvariantCulture)))
        {
            var image = DenoiseBenchmarks.LoadOrMake(n);
            foreach (var (name, settings) in new[] { ("Db2BayesShrink", new DenoiseSettings("db2")), ("Db2BayesShrinkCycleSpin3", new DenoiseSettings("db2", CycleSpin: 3)) })
            {
                SteadyState.WarmUp(() => WaveletDenoiser.Denoise(image, settings, OneCore));
                double wall = double.MaxValue, cpu = double.MaxValue;
                for (var r = 0; r < repeats; r++)
                {
                    // Every timed call starts from the same heap: the earlier results collected. Without
                    // this, whether a call's result reuses memory the GC has already freed (mapped) or
                    // maps fresh pages depends on where the GC's budget falls: fresh pages cost ≈ 0.3 s
                    // of page faults for a 4096² result on this VM, and the plain 4096² figure swung
                    // between 0.06 and 0.47 s run to run. numpy frees its arrays at once (glibc munmap),
                    // so skimage is in its steady state on every call. Not timed.
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    var cpu0 = ThreadCpuSeconds();
                    var clock = Stopwatch.StartNew();
                    WaveletDenoiser.Denoise(image, settings, OneCore);
                    wall = Math.Min(wall, clock.Elapsed.TotalSeconds);
                    cpu = Math.Min(cpu, ThreadCpuSeconds() - cpu0);
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {n} {wall:F4} {cpu:F4}"));
            }
        }
        return true;
    }


    /// <summary>
    /// Managed bytes allocated and gen-2 collections per call in steady state (mean of 20 calls after
    /// the warm-up), plain and cycle-spun: a large per-call array lands on the LOH and, once the LOH
    /// budget is spent, forces a full (gen-2) collection.
    /// </summary>
    private static void Allocations(int n)
    {
        var image = DenoiseBenchmarks.LoadOrMake(n);
        foreach (var (name, settings) in new[] { ("Db2BayesShrink", new DenoiseSettings("db2")), ("Db2BayesShrinkCycleSpin3", new DenoiseSettings("db2", CycleSpin: 3)) })
        {
            SteadyState.WarmUp(() => WaveletDenoiser.Denoise(image, settings, OneCore));
            const int calls = 20;
            var bytes0 = GC.GetAllocatedBytesForCurrentThread();
            var gen2 = GC.CollectionCount(2);
            var gen0 = GC.CollectionCount(0);
            var pause0 = GC.GetTotalPauseDuration();
            var cpu0 = ThreadCpuSeconds();
            for (var i = 0; i < calls; i++)
                WaveletDenoiser.Denoise(image, settings, OneCore);
            var bytes = (GC.GetAllocatedBytesForCurrentThread() - bytes0) / (double)calls;
            var cpu = (ThreadCpuSeconds() - cpu0) / calls;
            var pause = (GC.GetTotalPauseDuration() - pause0).TotalSeconds / calls;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name} {n}: {bytes / 1e6:F3} MB allocated per call (result {8.0 * n * n / 1e6:F3} MB), gen0 {(GC.CollectionCount(0) - gen0) / (double)calls:F2} gen2 {(GC.CollectionCount(2) - gen2) / (double)calls:F2} collections per call, GC pause {pause * 1e3:F3} ms of {cpu * 1e3:F1} ms CPU per call"));
        }
    }

    private static void Stages(int n)
    {
        var image = DenoiseBenchmarks.LoadOrMake(n);
        var wavelet = Wavelet.FromName("db2");
        var levels = Math.Max(WaveletTransform2D.MaxLevel(n, n, wavelet) - 3, 1);
        string[] stages = ["decompose", "sigma", "thresholds", "reconstruct", "denoise (all)"];
        var best = Enumerable.Repeat(double.MaxValue, stages.Length).ToArray();
        // Best of 20 after the JIT warm-up: one run's figure swings by 2× on the loaded machine.
        SteadyState.WarmUp(() => WaveletDenoiser.Denoise(image, new DenoiseSettings("db2"), OneCore));
        for (var run = 0; run < 20; run++)
        {
            var stage = 0;
            var start = ThreadCpuSeconds();
            void Mark()
            {
                var now = ThreadCpuSeconds();
                best[stage] = Math.Min(best[stage], now - start);
                stage++;
                start = now;
            }
            var d = WaveletTransform2D.Decompose(image, wavelet, levels, OneCore);
            Mark();
            var sigma = NoiseEstimator.SigmaFromDiagonal(d.Details[0].DD);
            Mark();
            var t = d.Details.Select(l => new BandThresholds(NoiseEstimator.BayesThreshold(l.AD, sigma * sigma), NoiseEstimator.BayesThreshold(l.DA, sigma * sigma), NoiseEstimator.BayesThreshold(l.DD, sigma * sigma))).ToArray();
            Mark();
            WaveletTransform2D.Reconstruct(d, t, ThresholdMode.Soft, OneCore);
            Mark();
            WaveletDenoiser.Denoise(image, new DenoiseSettings("db2"), OneCore);
            Mark();
        }
        for (var i = 0; i < stages.Length; i++)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stages[i],-20}{best[i],8:F4} s CPU (best of 20)"));
    }
}
