using System.Diagnostics;
using System.Globalization;
using VolunteerGrid.WorkUnits.Reprojection;

namespace VolunteerGrid.Benchmarks.Mosaic;

/// <summary>
/// The in-process half of scripts/mosaic-vs-montage.sh: the reprojection kernel alone, after warm-up,
/// without the .NET process start and JIT that the CLI pays once per image. Images are read once;
/// each round reprojects all of them onto their footprints on one core (MaxDegreeOfParallelism = 1,
/// so every row block runs inline). Prints the best of N rounds as CPU seconds
/// (Process.TotalProcessorTime, the honest per-core figure on a shared machine) and wall seconds,
/// and input Mpx per CPU second.
/// Usage: mosaic-kernel fast|exact TEMPLATE.hdr REPEATS IMAGE...
/// </summary>
public static class ReprojectionSideBySide
{
    private static readonly ParallelOptions OneCore = new() { MaxDegreeOfParallelism = 1 };

    public static bool TryRun(string[] args)
    {
        if (args.Length < 5 || args[0] != "mosaic-kernel")
            return false;
        var method = args[1] == "exact" ? ReprojectionMethod.Exact : ReprojectionMethod.Fast;
        var template = TemplateGrid.Load(args[2]);
        var repeats = int.Parse(args[3], CultureInfo.InvariantCulture);
        var images = args[4..].Select(p => SourceImage.Load(p)).ToList();
        var megapixels = images.Sum(i => (double)i.Width * i.Height) / 1e6;
        // Every method reaches its final JIT tier before timing (two calls did not: the best of 3
        // timed rounds was still 1.8x slower than the steady state on a quiet machine).
        SteadyState.WarmUp(() =>
        {
            foreach (var image in images)
                Reproject(image, template, method);
        });
        double bestCpu = double.MaxValue, bestWall = double.MaxValue;
        var process = Process.GetCurrentProcess();
        for (var r = 0; r < repeats; r++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            foreach (var image in images)
                Reproject(image, template, method);
            var wall = clock.Elapsed.TotalSeconds;
            process.Refresh();
            bestCpu = Math.Min(bestCpu, (process.TotalProcessorTime - cpu0).TotalSeconds);
            bestWall = Math.Min(bestWall, wall);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"kernel {args[1]} images {images.Count} mpx {megapixels:F3} cpu_s {bestCpu:F4} wall_s {bestWall:F4} mpx_per_cpu_s {megapixels / bestCpu:F3}"));
        return true;
    }

    private static ProjectedImage Reproject(SourceImage image, TemplateGrid template, ReprojectionMethod method) =>
        Reprojector.ReprojectToFootprint(image.Pixels, image.Width, image.Height, image.Wcs, template, method, OneCore, image.Name);
}
