using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using VolunteerGrid.Cli.Commands.Client.Demo;
using VolunteerGrid.Shared.Fits;
using VolunteerGrid.Shared.Imaging;
using VolunteerGrid.Shared.Protocol.Grid;
using VolunteerGrid.WorkUnits.Mosaic;

namespace VolunteerGrid.Cli.Commands.Client;

/// <summary>
/// <c>vgrid demo</c>: the whole grid on one machine. Generates a synthetic 2MASS-like field, starts a
/// coordinator and N agents as separate processes on 127.0.0.1, submits a background-matched mosaic
/// campaign, follows it, fetches the mosaic, writes a PNG preview and provenance, prints a summary,
/// and stops everything it started.
/// </summary>
public static class DemoCommand
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Each replica's deadline. Units take well under a second here; the coordinator's default (ten
    /// minutes and more, sized for volunteers' laptops) would leave the demo waiting that long for
    /// a replica that was lost, where this re-sends it within a minute.
    /// </summary>
    private static readonly TimeSpan DemoDeadline = TimeSpan.FromSeconds(60);

    public static Command Create()
    {
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Where mosaic.fits, mosaic.png and provenance.json go.", DefaultValueFactory = _ => new DirectoryInfo("demo-out") };
        var agents = new Option<int>("--agents") { Description = "Volunteer agents to start.", DefaultValueFactory = _ => 3 };
        var quorum = new Option<int>("--quorum") { Description = "Agreeing results per unit.", DefaultValueFactory = _ => 2 };
        var size = new Option<int>("--size") { Description = "Field size in square degrees: 1 or 4.", DefaultValueFactory = _ => 1 };
        size.AcceptOnlyFromAmong("1", "4");
        var keep = new Option<bool>("--keep") { Description = "Keep the temporary coordinator/agent folders (logs) after the run." };
        var command = new Command("demo", "Run a synthetic 2MASS-like mosaic on a local grid (coordinator + agents) and write mosaic.fits, mosaic.png, provenance.json.")
        {
            outDir, agents, quorum, size, keep,
        };
        CliAction.Set(command, async (parse, ct) =>
        {
            var n = parse.GetValue(agents);
            var q = parse.GetValue(quorum);
            if (n < 1 || n > 32)
                throw new CliException($"--agents {n} must be between 1 and 32", ExitCodes.Usage);
            if (q < 1 || q > n)
                throw new CliException($"--quorum {q} must be between 1 and --agents ({n}): each replica of a unit runs on a different agent", ExitCodes.Usage);
            return await RunAsync(parse.GetValue(outDir)!.FullName, n, q, parse.GetValue(size), parse.GetValue(keep), parse.InvocationConfiguration.Output, ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(string outDir, int agentCount, int quorum, int size, bool keep, TextWriter output, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(outDir);
        var work = Directory.CreateTempSubdirectory("vgrid-demo-").FullName;
        try
        {
            using var processes = new ChildProcesses(work);
            var field = new SyntheticField(size);
            var campaign = PrepareCampaign(field, Path.Combine(work, "inputs"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"field: {size} deg² around RA {SyntheticField.CentreRa}, Dec {SyntheticField.CentreDec}; {campaign.Files.Count - campaign.ExtraInputs} input image(s), {campaign.Kind} campaign ({clock.Elapsed.TotalSeconds:F1} s)"));

            var url = new Uri($"http://127.0.0.1:{FreePort()}");
            var data = Path.Combine(work, "coordinator");
            // A short idle retry keeps agents from waiting 5 s between DAG stages of a small campaign.
            processes.Start("coordinator", "coordinator", "--data", data, "--urls", url.ToString().TrimEnd('/'), "--idle-retry-seconds", "0.5");
            var adminKey = await WaitForCoordinatorAsync(url, Path.Combine(data, "admin.key"), processes, work, ct);
            for (var i = 1; i <= agentCount; i++)
            {
                processes.Start($"agent{i}", "agent", "--coordinator", url.ToString().TrimEnd('/'), "--data", Path.Combine(work, $"agent{i}"),
                    "--name", $"demo-agent-{i}", "--cores", "1");
            }
            await output.WriteLineAsync($"coordinator {url} with {agentCount} agents; dashboard: {url} (API key in {Path.Combine(data, "admin.key")}); logs in {work}");

            using var client = new CoordinatorClient(url, adminKey);
            var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, path) in campaign.Files)
                inputs[name] = (await client.UploadAsync(path, ct)).Sha256;
            var summary = await client.SubmitAsync(new SubmitCampaignRequest(campaign.Kind, campaign.Parameters, inputs,
                new QuorumPolicy(quorum, quorum, Math.Max(6, quorum * 3), 3), DemoDeadline.TotalSeconds, Name: $"demo {size} deg²"), ct);
            await output.WriteLineAsync($"campaign {summary.Id} submitted; watching (Ctrl-C stops everything)");

            var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
            var final = await WatchWhileChildrenRunAsync(new CampaignWatcher(client, output).WatchAsync(summary.Id, interactive, ct), processes, work);
            if (final.State != CampaignState.Completed)
                throw new CliException($"demo campaign {final.Id} ended {final.State}{(final.FailureReason is null ? "" : $": {final.FailureReason}")}; see the logs in {work} (run with --keep to keep them)");

            await FetchCommand.FetchAsync(client, final.Id, outDir, ct);
            var product = Path.Combine(outDir, campaign.Product);
            var (width, height) = WritePreview(product, Path.Combine(outDir, Path.ChangeExtension(campaign.Product, ".png")));
            var wall = clock.Elapsed;
            await output.WriteLineAsync(Summary(Path.Combine(outDir, FetchCommand.ProvenanceFile), quorum, wall, width, height));
            await output.WriteLineAsync($"wrote {product}, {Path.ChangeExtension(product, ".png")}, {Path.Combine(outDir, FetchCommand.ProvenanceFile)}");
            return ExitCodes.Ok;
        }
        finally
        {
            if (!keep)
                TryDelete(work);
        }
    }

    /// <summary>The campaign's final summary, unless a child process ends first: then a clear error instead of a wait for ever.</summary>
    private static async Task<CampaignSummary> WatchWhileChildrenRunAsync(Task<CampaignSummary> watch, ChildProcesses processes, string work)
    {
        if (await Task.WhenAny(watch, processes.FirstExit) == watch)
            return await watch;
        throw ChildEnded(await processes.FirstExit, work);
    }

    private static CliException ChildEnded(string report, string work) =>
        new($"{report}{Environment.NewLine}(all logs are in {work}; run with --keep to keep them)", ExitCodes.Unavailable);

    private sealed record DemoCampaign(string Kind, JsonElement Parameters, IReadOnlyDictionary<string, string> Files, string Product, int ExtraInputs);

    /// <summary>The field's images and template, as a background-matched mosaic campaign (fast plane-to-plane reprojection).</summary>
    private static DemoCampaign PrepareCampaign(SyntheticField field, string directory)
    {
        Directory.CreateDirectory(directory);
        var template = Path.Combine(directory, SubmitMosaicCommand.TemplateInput);
        var images = field.Write(Path.Combine(directory, "images"), template);
        var files = images.ToDictionary(p => Path.GetFileName(p), p => p, StringComparer.Ordinal);
        files[SubmitMosaicCommand.TemplateInput] = template;
        return new DemoCampaign(MosaicCampaignKind.KindName, SubmitMosaicCommand.Parameters(bgMatch: true, "fast"), files, MosaicNames.Mosaic, 1);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> WaitForCoordinatorAsync(Uri url, string adminKeyPath, ChildProcesses processes, string work, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartupTimeout)
        {
            if (processes.FirstExit.IsCompleted)
                throw ChildEnded(await processes.FirstExit, work);
            try
            {
                using var response = await http.GetAsync(GridRoutes.Health, ct);
                if (response.IsSuccessStatusCode && File.Exists(adminKeyPath))
                    return (await File.ReadAllTextAsync(adminKeyPath, ct)).Trim();
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // A slow first response on a busy machine; try again.
            }
            await Task.Delay(200, ct);
        }
        throw new CliException($"the demo coordinator did not answer on {url} within {StartupTimeout.TotalSeconds:F0} s; see coordinator.log (run with --keep)", ExitCodes.Unavailable);
    }

    private static (int Width, int Height) WritePreview(string fitsPath, string pngPath)
    {
        using var file = FitsFile.Open(fitsPath);
        var image = file.ReadImageFloat32(0);
        PngEncoder.WriteGrey8(pngPath, AsinhStretch.ToGrey8(image.Pixels, image.Width, image.Height), image.Width, image.Height);
        return (image.Width, image.Height);
    }

    private static string Summary(string provenancePath, int quorum, TimeSpan wall, int width, int height)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(provenancePath));
        var units = document.RootElement.GetProperty("units").EnumerateArray().ToList();
        var replicas = units.Sum(u => u.GetProperty("hosts").GetArrayLength());
        var agreed = units.Count(u => u.GetProperty("hosts").GetArrayLength() >= quorum || u.GetProperty("reused").GetBoolean());
        var megapixels = (double)width * height / 1e6;
        return string.Create(CultureInfo.InvariantCulture,
            $"summary: {units.Count} units, {replicas} agreeing replicas, {agreed}/{units.Count} units quorum-agreed ({100.0 * agreed / Math.Max(1, units.Count):F0}%), wall time {wall.TotalSeconds:F1} s, {width}×{height} px = {megapixels:F2} Mpx, {megapixels / wall.TotalSeconds:F3} Mpx/s");
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A process tree that was just killed may still hold a file for a moment; the folder is in /tmp.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
