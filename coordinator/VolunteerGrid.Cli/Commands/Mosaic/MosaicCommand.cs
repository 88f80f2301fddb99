using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using VolunteerGrid.WorkUnits.Mosaic;
using VolunteerGrid.WorkUnits.Reprojection;

namespace VolunteerGrid.Cli.Commands.Mosaic;

/// <summary>
/// <c>vgrid mosaic DIR TEMPLATE OUT</c>: the whole chain (project, optional background matching,
/// co-add) in memory on all cores, no intermediate files. A progress bar on a terminal, plain lines
/// otherwise.
/// </summary>
public static class MosaicCommand
{
    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo>("DIR") { Description = "Folder of input FITS images (*.fits, *.fit, *.fts)." };
        var template = new Argument<FileInfo>("TEMPLATE") { Description = "The .hdr template of the mosaic (vgrid mkhdr makes one)." };
        var output = new Argument<FileInfo>("OUT") { Description = "Output mosaic FITS; OUT_area.fits is written beside it." };
        var bg = new Option<bool>("--bg-match") { Description = "Match backgrounds (overlaps, difference plane fits, global model) before co-adding." };
        var method = MosaicCli.MethodOption();
        var coadd = new Option<string>("--coadd") { Description = "mean (area-weighted), median or count.", DefaultValueFactory = _ => "mean" };
        var threads = new Option<int?>("--threads") { Description = "Cores to use (default: all)." };
        var timings = new Option<bool>("--timings") { Description = "Print wall and CPU seconds per stage (select, project, fit, model, coadd, write)." };
        var command = new Command("mosaic", "Build a mosaic from a folder of images: reproject, optionally match backgrounds, co-add.")
        {
            directory, template, output, bg, method, coadd, threads, timings,
        };
        CliAction.Set(command, (parse, ct) =>
        {
            var dir = parse.GetValue(directory)!;
            if (!dir.Exists)
                throw new CliException($"{dir.FullName}: folder not found", ExitCodes.Failure);
            var grid = MosaicCli.Template(parse.GetValue(template)!);
            var options = new MosaicOptions(MosaicCli.Method(parse.GetValue(method)!), parse.GetValue(bg), MosaicCli.Coadd(parse.GetValue(coadd)!));
            if (parse.GetValue(threads) is < 1)
                throw new CliException("--threads must be at least 1", ExitCodes.Usage);
            var images = dir.EnumerateFiles().Where(f => MosaicInputs.IsFitsName(f.Name)).Select(f => (f.Name, f.FullName)).ToList();
            if (images.Count == 0)
                throw new CliException($"{dir.FullName}: no FITS images (*.fits, *.fit, *.fts) in this folder", ExitCodes.Failure);
            var parallel = MosaicCli.Parallel(parse.GetValue(threads), ct);
            var o = parse.InvocationConfiguration.Output;
            var clock = Stopwatch.StartNew();
            var stages = parse.GetValue(timings) ? new MosaicTimings() : null;
            var outPath = parse.GetValue(output)!.FullName;
            // History names the overlaps fitted, known once the background model is solved.
            IEnumerable<string> History(PreparedMosaic p) =>
            [
                $"vgrid mosaic: {p.Used.Count} images, method {options.Method.ToString().ToLowerInvariant()}, co-add {options.Coadd.ToString().ToLowerInvariant()}",
                options.BackgroundMatch ? $"background matched over {p.Fits.Count} overlaps (least squares)" : "no background matching",
            ];
            void CoaddToFiles(PreparedMosaic p, IProgress<MosaicProgress>? progress)
            {
                MosaicFileWriter.Write(p, grid, options.Coadd, outPath, ProjectedImageFile.AreaPathFor(outPath), History(p), parallel, progress);
                // The co-add streams into the files: one stage, the writing overlapped with it.
                stages?.Mark("coadd+write");
            }
            var result = IsTerminal(o)
                ? RunWithBar(images, grid, options, parallel, stages, CoaddToFiles)
                : Plain(images, grid, options, parallel, o, stages, CoaddToFiles);
            foreach (var (stage, wall, cpu) in stages?.Stages ?? [])
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timing {stage,-11} wall {wall,7:F3} s  cpu {cpu,7:F3} s"));
            o.WriteLine($"{outPath} {grid.Width}x{grid.Height} from {result.Used.Count} images ({result.Skipped.Count} skipped) in {clock.Elapsed.TotalSeconds:F2} s");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static bool IsTerminal(TextWriter o) => ReferenceEquals(o, Console.Out) && !Console.IsOutputRedirected;

    private static void PlainLine(TextWriter o, MosaicProgress p)
    {
        // One line per stage step would flood logs for big runs: report every 10 % and the last step.
        var step = Math.Max(1, p.Total / 10);
        if (p.Done == p.Total || p.Done % step == 0)
            o.WriteLine($"{p.Stage} {p.Done}/{p.Total}");
    }

    private static PreparedMosaic Plain(IReadOnlyList<(string, string)> images, TemplateGrid grid, MosaicOptions options, ParallelOptions parallel,
        TextWriter o, MosaicTimings? stages, Action<PreparedMosaic, IProgress<MosaicProgress>?> coadd)
    {
        var progress = new SyncProgress<MosaicProgress>(p => PlainLine(o, p));
        var prepared = MosaicPipeline.Prepare(images, grid, options, parallel, progress, o.WriteLine, stages);
        coadd(prepared, progress);
        return prepared;
    }

    private static PreparedMosaic RunWithBar(IReadOnlyList<(string, string)> images, TemplateGrid grid, MosaicOptions options, ParallelOptions parallel,
        MosaicTimings? stages, Action<PreparedMosaic, IProgress<MosaicProgress>?> coadd)
    {
        PreparedMosaic? result = null;
        AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var progress = new SyncProgress<MosaicProgress>(p =>
                {
                    if (!tasks.TryGetValue(p.Stage, out var task))
                        tasks[p.Stage] = task = ctx.AddTask(p.Stage, maxValue: p.Total);
                    task.Value = p.Done;
                });
                result = MosaicPipeline.Prepare(images, grid, options, parallel, progress, line => AnsiConsole.MarkupLine(Markup.Escape(line)), stages);
                coadd(result, progress);
            });
        return result!;
    }
}
