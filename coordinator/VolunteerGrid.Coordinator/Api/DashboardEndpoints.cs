using System.Text.Json;
using VolunteerGrid.Coordinator.Campaigns;
using VolunteerGrid.Coordinator.Dashboard;
using VolunteerGrid.Coordinator.Security;
using VolunteerGrid.Shared.Protocol.Grid;
using VolunteerGrid.WorkUnits.Contract;

namespace VolunteerGrid.Coordinator.Api;

/// <summary>
/// The dashboard: the page and its assets at <c>/</c>, and the feeds it reads. The feeds take the
/// same <c>X-Api-Key</c> header as the CLI (the page keeps the key in sessionStorage and streams
/// with fetch, since EventSource cannot send headers).
/// </summary>
public static class DashboardEndpoints
{
    private static readonly TimeSpan StreamPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>An SSE comment this often keeps idle proxies from closing the stream.</summary>
    private static readonly TimeSpan StreamHeartbeat = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapDashboardEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(DashboardRoutes.Page, (HttpContext ctx) => Asset(ctx, "index.html")).ExcludeFromDescription();
        app.MapGet(DashboardRoutes.Asset, (HttpContext ctx, string name) => Asset(ctx, name)).ExcludeFromDescription();

        app.MapGet(DashboardRoutes.Overview, async Task<IResult> (HttpContext ctx) =>
            Results.Json(await Queries(ctx).OverviewAsync(await ctx.CallerAsync(), ctx.RequestAborted), CoordinatorJsonContext.Default.DashboardOverview))
            .Produces<DashboardOverview>();

        app.MapGet(DashboardRoutes.Throughput, async Task<IResult> (HttpContext ctx) =>
        {
            await ctx.CallerAsync();
            var minutes = ctx.IntQuery("minutes", 60, 1, 7 * 24 * 60);
            var buckets = ctx.IntQuery("buckets", 60, 1, 1000);
            var series = await Queries(ctx).ThroughputAsync(TimeSpan.FromMinutes(minutes), buckets, ctx.RequestAborted);
            return Results.Json(series, CoordinatorJsonContext.Default.ThroughputSeries);
        }).Produces<ThroughputSeries>();

        app.MapGet(DashboardRoutes.Forms, async Task<IResult> (HttpContext ctx) =>
        {
            await ctx.CallerAsync();
            // Only the kinds this coordinator runs: a form for an unknown kind could never submit.
            var kinds = ctx.RequestServices.GetRequiredService<KindRegistry>();
            IReadOnlyList<SubmitForm> forms = [.. SubmitForms.All.Where(f => kinds.TryGetCampaign(f.Kind, out _))];
            return Results.Json(forms, CoordinatorJsonContext.Default.IReadOnlyListSubmitForm);
        }).Produces<IReadOnlyList<SubmitForm>>();

        app.MapGet(DashboardRoutes.Products, async Task<IResult> (HttpContext ctx) =>
            Results.Json(await Queries(ctx).StoredProductsAsync(await ctx.CallerAsync(), ctx.RequestAborted), CoordinatorJsonContext.Default.IReadOnlyListStoredProduct))
            .Produces<IReadOnlyList<StoredProduct>>();

        app.MapGet(DashboardRoutes.Preview, async Task<IResult> (HttpContext ctx, string id, string name) =>
        {
            var products = await ctx.RequestServices.GetRequiredService<CampaignQueries>().ProductsAsync(await ctx.CallerAsync(), id, ctx.RequestAborted);
            var product = products.FirstOrDefault(p => p.Name == name)
                ?? throw GridException.NotFound($"Campaign '{id}' has no product '{name}'; list them at {GridRoutes.Format(GridRoutes.CampaignProducts, ("id", id))}.");
            if (!PreviewRenderer.IsFitsName(product.Name))
                throw GridException.BadRequest($"Product '{name}' is not a FITS image (*.fits, *.fit, *.fts); previews exist for FITS images only.");
            var path = await ctx.RequestServices.GetRequiredService<PreviewRenderer>().PathOfPreviewAsync(product.Sha256, product.Name, ctx.RequestAborted);
            // Content-addressed: the same URL may later name a different product only after a rerun, so cache briefly.
            ctx.Response.Headers.CacheControl = "private, max-age=60";
            return Results.File(path, "image/png");
        });

        app.MapGet(DashboardRoutes.Stream, StreamOverviewAsync);
        return app;
    }

    private static DashboardQueries Queries(HttpContext ctx) => ctx.RequestServices.GetRequiredService<DashboardQueries>();

    private static IResult Asset(HttpContext ctx, string name)
    {
        if (!DashboardAssets.TryGet(name, out var content, out var contentType))
            throw GridException.NotFound($"The dashboard has no file '{name}'.");
        ctx.Response.Headers.CacheControl = "no-cache";
        return Results.Bytes(content, contentType);
    }

    /// <summary>Server-Sent Events: an "overview" event whenever the caller's overview changes, until the client goes away.</summary>
    private static async Task StreamOverviewAsync(HttpContext ctx)
    {
        Caller caller = await ctx.CallerAsync();
        var queries = Queries(ctx);
        var ct = ctx.RequestAborted;
        ctx.Response.ContentType = "text/event-stream";
        ctx.Response.Headers.CacheControl = "no-cache";
        string? last = null;
        var quietSince = DateTime.UtcNow;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var json = JsonSerializer.Serialize(await queries.OverviewAsync(caller, ct), CoordinatorJsonContext.Default.DashboardOverview);
                if (json != last)
                {
                    await ctx.Response.WriteAsync($"event: overview\ndata: {json}\n\n", ct);
                    last = json;
                    quietSince = DateTime.UtcNow;
                }
                else if (DateTime.UtcNow - quietSince > StreamHeartbeat)
                {
                    await ctx.Response.WriteAsync(": heartbeat\n\n", ct);
                    quietSince = DateTime.UtcNow;
                }
                await ctx.Response.Body.FlushAsync(ct);
                await Task.Delay(StreamPollInterval, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The page was closed or reloaded.
        }
    }
}
