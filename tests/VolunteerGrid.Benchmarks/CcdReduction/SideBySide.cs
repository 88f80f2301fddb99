using System.Diagnostics;
using System.Globalization;

namespace VolunteerGrid.Benchmarks.CcdReduction;

/// <summary>
/// The C# half of scripts/reduce-vs-ccdproc.sh: times our full per-CCD reduction on the script's
/// float32 frames after one warm-up run, and a memory copy of the same bytes, best of N, and prints key=value lines.
/// Usage: ccd-side-by-side DIR WIDTH HEIGHT DATAWIDTH THREADS REPEATS.
/// </summary>
public static class SideBySide
{
    public static bool TryRun(string[] args)
    {
        if (args.Length == 1 && args[0] == "ccd-stages")
        {
            Stages();
            return true;
        }
        if (args.Length == 0 || args[0] != "ccd-side-by-side")
            return false;
        var n = args[1..].Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        var night = WfiNight.Load(args[1], n[0], n[1], n[2]);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = n[3] };
        var best = double.MaxValue;
        var bestCpu = double.MaxValue;
        var bestUser = double.MaxValue;
        // Warm-up (JIT settled, thread pool), as the reference timings exclude the interpreter start.
        SteadyState.WarmUp(() => night.Reduce(parallel));
        for (var r = 0; r < n[4]; r++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var user = Process.GetCurrentProcess().UserProcessorTime;
            var clock = Stopwatch.StartNew();
            night.Reduce(parallel);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
            bestCpu = Math.Min(bestCpu, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
            // User time alone shows how much of the CPU time is the kernel's (page faults of fresh frames).
            bestUser = Math.Min(bestUser, (Process.GetCurrentProcess().UserProcessorTime - user).TotalSeconds);
        }
        var source = new float[night.RawPixels];
        var target = new float[night.RawPixels];
        source.AsSpan().CopyTo(target);
        var copy = double.MaxValue;
        for (var r = 0; r < 5; r++)
        {
            var clock = Stopwatch.StartNew();
            source.AsSpan().CopyTo(target);
            copy = Math.Min(copy, clock.Elapsed.TotalSeconds);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ours_seconds={best:F4}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ours_cpu_seconds={bestCpu:F4}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ours_user_seconds={bestUser:F4}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"copy_seconds={copy:F4}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw_pixels={night.RawPixels}"));
        return true;
    }

    /// <summary>Seconds per stage of one single-core reduction (second run, after JIT), to find the hot spot.</summary>
    private static void Stages()
    {
        var night = WfiNight.Synthetic();
        var one = new ParallelOptions { MaxDegreeOfParallelism = 1 };
        var settings = WorkUnits.CcdReduction.ReductionSettings.Default;
        for (var run = 0; run < 2; run++)
        {
            // CPU time, not wall time: this machine is shared, and single-core stages burn exactly their CPU time.
            var start = Process.GetCurrentProcess().TotalProcessorTime;
            void Mark(string stage)
            {
                var now = Process.GetCurrentProcess().TotalProcessorTime;
                if (run == 1)
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stage,-28}{(now - start).TotalSeconds,8:F3} s CPU"));
                start = now;
            }
            var bias = WorkUnits.CcdReduction.CcdPipeline.BuildBias(night.Biases, settings, one);
            Mark("master bias (5 raw biases)");
            WorkUnits.CcdReduction.CcdPipeline.EstimateReadNoise(night.Biases, settings, one);
            Mark("  (of which read noise)");
            var masters = WorkUnits.CcdReduction.CcdPipeline.BuildMasters(new(bias, null), night.Flats, settings, one);
            Mark("master flat + bad-pixel map");
            WorkUnits.CcdReduction.BadPixelMap.Build(masters.Flat, bias.Image, null, settings.BadPixels, one);
            Mark("  (of which bad-pixel map)");
            WorkUnits.CcdReduction.BlockMedianSurface.Compute(masters.Flat, settings.BadPixels.SmoothingBox, one);
            Mark("  (one block-median surface)");
            foreach (var s in night.Sciences)
                WorkUnits.CcdReduction.CcdPipeline.ReduceScience(s, masters, settings, one);
            Mark("reduce 3 science");
        }
    }
}
