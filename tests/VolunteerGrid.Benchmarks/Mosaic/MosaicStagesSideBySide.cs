using System.Diagnostics;
using System.Globalization;
using VolunteerGrid.WorkUnits.Background;
using VolunteerGrid.WorkUnits.Coadd;
using VolunteerGrid.WorkUnits.Mosaic;
using VolunteerGrid.WorkUnits.Reprojection;

namespace VolunteerGrid.Benchmarks.Mosaic;

/// <summary>
/// The stages of <c>vgrid mosaic --bg-match</c> after reprojection, in process and warm: the images
/// are projected once, then each round times the overlap fits, the background model, the in-memory
/// co-add and the co-add streamed into OUT.fits + OUT_area.fits, each on THREADS cores. Prints, per
/// stage, the best of REPEATS rounds as CPU seconds (Process.TotalProcessorTime: honest on a shared
/// machine) and wall seconds. A profile of what the pipeline pays after the project stage, without the
/// projection's noise.
/// Usage: mosaic-stages DIR TEMPLATE.hdr OUT.fits THREADS REPEATS
/// </summary>
public static class MosaicStagesSideBySide
{
    public static bool TryRun(string[] args)
    {
        if (args.Length != 6 || args[0] != "mosaic-stages")
            return false;
        var images = Directory.EnumerateFiles(args[1]).Where(f => MosaicInputs.IsFitsName(Path.GetFileName(f)))
            .Select(f => (Path.GetFileName(f), f)).ToList();
        var template = TemplateGrid.Load(args[2]);
        var output = args[3];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = int.Parse(args[4], CultureInfo.InvariantCulture) };
        var repeats = int.Parse(args[5], CultureInfo.InvariantCulture);
        var prepared = MosaicPipeline.Prepare(images, template, new MosaicOptions(ReprojectionMethod.Fast, BackgroundMatch: true), parallel);
        var best = new Dictionary<string, (double Cpu, double Wall)>(StringComparer.Ordinal);
        // Round 0 is the warm-up (JIT tiers), not counted.
        for (var r = 0; r <= repeats; r++)
        {
            IReadOnlyList<DifferenceFit> fits = [];
            BackgroundPlane[] corrections = [];
            Time(best, r, "fit", () => fits = MosaicPipeline.FitOverlaps(prepared.Images, template, parallel));
            Time(best, r, "model", () => corrections = BackgroundModel.Solve(prepared.Images.Count, fits));
            Time(best, r, "coadd (memory)", () => Coadder.Coadd(template.Whole, prepared.Images, corrections, template, CoaddMethod.Mean, parallel));
            Time(best, r, "coadd+write (files)", () => MosaicFileWriter.Write(prepared with { Corrections = corrections }, template, CoaddMethod.Mean,
                output, ProjectedImageFile.AreaPathFor(output), ["mosaic-stages benchmark"], parallel));
        }
        foreach (var (stage, (cpu, wall)) in best)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stage {stage,-20} cpu_s {cpu:F4} wall_s {wall:F4} (best of {repeats}, {parallel.MaxDegreeOfParallelism} threads)"));
        return true;
    }

    private static void Time(Dictionary<string, (double Cpu, double Wall)> best, int round, string stage, Action action)
    {
        using var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        action();
        var wall = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
        if (round == 0)
            return;
        best[stage] = best.TryGetValue(stage, out var b) ? (Math.Min(b.Cpu, cpu), Math.Min(b.Wall, wall)) : (cpu, wall);
    }
}
