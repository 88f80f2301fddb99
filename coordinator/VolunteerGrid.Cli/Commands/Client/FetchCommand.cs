using System.CommandLine;
using VolunteerGrid.Shared.Protocol;

namespace VolunteerGrid.Cli.Commands.Client;

/// <summary>
/// <c>vgrid fetch ID OUTDIR</c>: a finished campaign's products (for a mosaic: mosaic.fits and
/// mosaic_area.fits), its provenance.json and its log.
/// </summary>
public static class FetchCommand
{
    public const string ProvenanceFile = "provenance.json";
    public const string LogFile = "campaign.log";

    public static Command Create()
    {
        var connection = new CoordinatorConnection();
        var id = new Argument<string>("ID") { Description = "The campaign." };
        var outDir = new Argument<DirectoryInfo>("OUTDIR") { Description = "Folder to write the products into (created)." };
        var command = new Command("fetch", "Download a finished campaign's products, provenance.json and log.") { id, outDir };
        connection.AddTo(command);
        CliAction.Set(command, async (parse, ct) =>
        {
            using var client = connection.Open(parse);
            var written = await FetchAsync(client, parse.GetValue(id)!, parse.GetValue(outDir)!.FullName, ct);
            foreach (var path in written)
                await parse.InvocationConfiguration.Output.WriteLineAsync(path);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Writes every product, provenance.json and the log into <paramref name="directory"/>; returns the paths.</summary>
    public static async Task<IReadOnlyList<string>> FetchAsync(CoordinatorClient client, string id, string directory, CancellationToken ct)
    {
        var products = await client.ProductsAsync(id, ct);
        if (products.Count == 0)
        {
            var summary = await client.GetAsync(id, ct);
            throw new CliException($"campaign {id} is {summary.State} and has no products yet{(summary.FailureReason is null ? "" : $" ({summary.FailureReason})")}; wait with 'vgrid watch {id}'");
        }
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var product in products)
        {
            // Product names come from the coordinator: never let one climb out of OUTDIR.
            if (PlainFileName.ExplainRelativePath(product.Name) is { } problem)
                throw new CliException($"campaign {id}: product name is unsafe ({problem}); refusing to write it");
            var path = Path.Combine([directory, .. product.Name.Split('/')]);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await client.DownloadProductAsync(id, product.Name, path, ct);
            written.Add(path);
        }
        var provenance = Path.Combine(directory, ProvenanceFile);
        await File.WriteAllTextAsync(provenance, await client.ProvenanceAsync(id, ct), ct);
        written.Add(provenance);
        var log = Path.Combine(directory, LogFile);
        await File.WriteAllLinesAsync(log, await client.LogsAsync(id, ct), ct);
        written.Add(log);
        return written;
    }
}
