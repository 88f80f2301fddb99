using System.CommandLine;
using System.Diagnostics;
using VolunteerGrid.WorkUnits.CcdReduction;
using VolunteerGrid.WorkUnits.Contract;

namespace VolunteerGrid.Cli.Commands;

/// <summary>
/// <c>vgrid reduce</c>: reduces a night of a multi-CCD camera locally: masters per CCD, then each
/// science frame, written as multi-extension files (float32 data + byte mask per CCD) into --out
/// and the masters into --out/masters. <c>--sliced</c> runs the grid's work units in-process instead.
/// </summary>
public static class ReduceCommand
{
    public static Command Create()
    {
        var reduction = new ReduceOptionSet();
        var output = new Option<string>("--out", "-o") { Description = "Output directory (created); masters go to OUT/masters.", Required = true };
        var threads = new Option<int>("--threads") { Description = "Cores to use.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var sliced = new Option<bool>("--sliced") { Description = "Run the grid's work units (masters, then science per CCD) in-process instead of the direct path; the files are identical." };
        var command = new Command("reduce", "Reduce raw CCD frames: overscan, trim, bias, dark, flat, gain, bad-pixel and saturation masks.");
        reduction.AddTo(command);
        foreach (var option in new Option[] { output, threads, sliced })
            command.Options.Add(option);
        CliAction.Set(command, async (parse, ct) =>
        {
            var (parameters, paths) = reduction.Read(parse);
            var outDir = Directory.CreateDirectory(parse.GetValue(output)!).FullName;
            var cores = Math.Max(1, parse.GetValue(threads));
            var stdout = parse.InvocationConfiguration.Output;
            var clock = Stopwatch.StartNew();
            if (parse.GetValue(sliced))
                await RunSlicedAsync(parameters, paths, outDir, cores, ct);
            else
                LocalReduction.Run(parameters, n => paths[n], outDir, new ParallelOptions { MaxDegreeOfParallelism = cores, CancellationToken = ct }, m => stdout.WriteLine(m));
            stdout.WriteLine($"reduced {parameters.Science.Length} science frame(s) into {outDir} (masters in {Path.Combine(outDir, ReduceFileNames.MastersFolder)}) in {clock.Elapsed.TotalSeconds:F1} s");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task RunSlicedAsync(ReduceCampaignParameters parameters, IReadOnlyDictionary<string, string> paths, string outDir, int cores, CancellationToken ct)
    {
        var work = Directory.CreateTempSubdirectory("vgrid-reduce-").FullName;
        try
        {
            var kind = new ReduceCampaignKind();
            await new LocalCampaignRunner(KindRegistry.Default).RunAsync(kind.Name, kind.ToJson(parameters), new CampaignInputs(paths), work, outDir,
                new UnitExecutionContext { CancellationToken = ct, MaxDegreeOfParallelism = cores });
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
