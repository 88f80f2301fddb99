using System.Text.Json;
using VolunteerGrid.Coordinator.Campaigns;
using VolunteerGrid.Coordinator.Hosting;
using VolunteerGrid.Coordinator.Observability;
using VolunteerGrid.Coordinator.Security;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Coordinator.Api;

/// <summary>Routes scientists and admins use: files, campaigns, products, provenance, logs, keys, hosts.</summary>
internal static class ScientistEndpoints
{
    private static readonly TimeSpan EventPollInterval = TimeSpan.FromSeconds(1);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost(GridRoutes.Files, async Task<IResult> (HttpContext ctx) =>
        {
            await ctx.CallerAsync();
            var stored = await StoreAsync(ctx, null, null);
            return Results.Json(stored, GridJsonContext.Default.StoredFile, statusCode: 201);
        }).Produces<StoredFile>(201);

        app.MapPut(GridRoutes.File, async Task<IResult> (HttpContext ctx, string sha256) =>
        {
            await ctx.CallerAsync();
            if (!FileStore.IsValidHash(sha256))
                throw GridException.BadRequest($"'{sha256}' is not a lower-case hex SHA-256 digest; PUT to the file's own hash.");
            long? size = long.TryParse(ctx.Request.Query["size"], out var s) ? s : null;
            var stored = await StoreAsync(ctx, sha256, size);
            return Results.Json(stored, GridJsonContext.Default.StoredFile, statusCode: 201);
        }).Produces<StoredFile>(201);

        app.MapPost(GridRoutes.Campaigns, async Task<IResult> (HttpContext ctx) =>
        {
            var caller = await ctx.CallerAsync();
            var request = await ctx.ReadJsonAsync(GridJsonContext.Default.SubmitCampaignRequest);
            var id = await ctx.RequestServices.GetRequiredService<CampaignSubmitter>().SubmitAsync(caller, request, ctx.RequestAborted);
            var summary = await Queries(ctx).GetAsync(caller, id, ctx.RequestAborted);
            return Results.Json(summary, GridJsonContext.Default.CampaignSummary, statusCode: 201);
        }).Accepts<SubmitCampaignRequest>("application/json").Produces<CampaignSummary>(201);

        app.MapGet(GridRoutes.Campaigns, async Task<IResult> (HttpContext ctx) =>
            Results.Json(await Queries(ctx).ListAsync(await ctx.CallerAsync(), ctx.RequestAborted), GridJsonContext.Default.IReadOnlyListCampaignSummary))
            .Produces<IReadOnlyList<CampaignSummary>>();

        app.MapGet(GridRoutes.Campaign, async Task<IResult> (HttpContext ctx, string id) =>
            Results.Json(await Queries(ctx).GetAsync(await ctx.CallerAsync(), id, ctx.RequestAborted), GridJsonContext.Default.CampaignSummary))
            .Produces<CampaignSummary>();

        app.MapPost(GridRoutes.CancelCampaign, async Task<IResult> (HttpContext ctx, string id) =>
            Results.Json(await Queries(ctx).CancelAsync(await ctx.CallerAsync(), id, ctx.RequestAborted), GridJsonContext.Default.CampaignSummary))
            .Produces<CampaignSummary>();

        app.MapGet(GridRoutes.CampaignUnits, async Task<IResult> (HttpContext ctx, string id) =>
            Results.Json(await Queries(ctx).UnitsAsync(await ctx.CallerAsync(), id, ctx.RequestAborted), CoordinatorJsonContext.Default.IReadOnlyListUnitStatus));

        // ?tail=N: only the latest N events (vgrid watch's stall notice), not a long campaign's whole log.
        app.MapGet(GridRoutes.CampaignLogs, async Task<IResult> (HttpContext ctx, string id) =>
            Results.Json(await Queries(ctx).LogsAsync(await ctx.CallerAsync(), id, ctx.RequestAborted, ctx.IntQuery("tail", 0, 1, CampaignQueries.MaxLogTail)),
                CoordinatorJsonContext.Default.IReadOnlyListString));

        app.MapGet(GridRoutes.CampaignProducts, async Task<IResult> (HttpContext ctx, string id) =>
            Results.Json(await Queries(ctx).ProductsAsync(await ctx.CallerAsync(), id, ctx.RequestAborted), GridJsonContext.Default.IReadOnlyListProductInfo))
            .Produces<IReadOnlyList<ProductInfo>>();

        app.MapGet(GridRoutes.CampaignProduct, async Task<IResult> (HttpContext ctx, string id, string name) =>
        {
            var products = await Queries(ctx).ProductsAsync(await ctx.CallerAsync(), id, ctx.RequestAborted);
            var product = products.FirstOrDefault(p => p.Name == name)
                ?? throw GridException.NotFound($"Campaign '{id}' has no product '{name}'; list them at {GridRoutes.Format(GridRoutes.CampaignProducts, ("id", id))}.");
            ctx.RequestServices.GetRequiredService<GridMetrics>().AddBytesOut(product.Size);
            return Results.File(ctx.RequestServices.GetRequiredService<FileStore>().PathOf(product.Sha256), "application/octet-stream",
                product.Name.Split('/')[^1], enableRangeProcessing: true);
        });

        app.MapGet(GridRoutes.CampaignProvenance, async Task<IResult> (HttpContext ctx, string id) =>
            Results.Text(await Queries(ctx).ProvenanceAsync(await ctx.CallerAsync(), id, ctx.RequestAborted), "application/json"));

        app.MapGet(GridRoutes.CampaignEvents, StreamEventsAsync);

        app.MapGet(GridRoutes.Hosts, async Task<IResult> (HttpContext ctx) =>
        {
            await ctx.AdminAsync();
            IReadOnlyList<HostSummary> hosts = await ctx.RequestServices.GetRequiredService<HostQueries>().ListAsync(ctx.RequestAborted);
            return Results.Json(hosts, GridJsonContext.Default.IReadOnlyListHostSummary);
        }).Produces<IReadOnlyList<HostSummary>>();

        app.MapPost(GridRoutes.ApiKeys, async Task<IResult> (HttpContext ctx) =>
        {
            var caller = await ctx.AdminAsync();
            var request = await ctx.ReadJsonAsync(GridJsonContext.Default.CreateApiKeyRequest);
            var key = await ctx.RequestServices.GetRequiredService<ApiKeyStore>().CreateAsync(caller, request, ctx.RequestAborted);
            return Results.Json(key, GridJsonContext.Default.CreateApiKeyResponse, statusCode: 201);
        }).Accepts<CreateApiKeyRequest>("application/json").Produces<CreateApiKeyResponse>(201);
    }

    private static CampaignQueries Queries(HttpContext ctx) => ctx.RequestServices.GetRequiredService<CampaignQueries>();

    private static async Task<StoredFile> StoreAsync(HttpContext ctx, string? sha256, long? size)
    {
        var options = ctx.RequestServices.GetRequiredService<CoordinatorOptions>();
        ctx.AllowUpload(options.MaxUploadBytes);
        var outcome = await ctx.RequestServices.GetRequiredService<FileStore>().PutAsync(ctx.Request.Body, options.MaxUploadBytes, sha256, size, ctx.RequestAborted);
        if (outcome.File is null)
            throw outcome.IsTooLarge ? GridException.TooLarge(outcome.Error!) : GridException.BadRequest(outcome.Error!);
        ctx.RequestServices.GetRequiredService<GridMetrics>().AddBytesIn(outcome.File.Size);
        return outcome.File;
    }

    /// <summary>Server-Sent Events: a "progress" event with the campaign summary whenever it changes, until the campaign ends.</summary>
    private static async Task StreamEventsAsync(HttpContext ctx, string id)
    {
        var caller = await ctx.CallerAsync();
        var queries = Queries(ctx);
        var summary = await queries.GetAsync(caller, id, ctx.RequestAborted);
        ctx.Response.ContentType = "text/event-stream";
        ctx.Response.Headers.CacheControl = "no-cache";
        string? last = null;
        var ct = ctx.RequestAborted;
        while (!ct.IsCancellationRequested)
        {
            var json = JsonSerializer.Serialize(summary, GridJsonContext.Default.CampaignSummary);
            if (json != last)
            {
                await ctx.Response.WriteAsync($"event: progress\ndata: {json}\n\n", ct);
                await ctx.Response.Body.FlushAsync(ct);
                last = json;
            }
            if (summary.State is CampaignState.Completed or CampaignState.Failed or CampaignState.Cancelled)
                return;
            try
            {
                await Task.Delay(EventPollInterval, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            summary = await queries.GetAsync(caller, id, ct);
        }
    }
}
