using VolunteerGrid.Coordinator.Dispatch;
using VolunteerGrid.Coordinator.Hosting;
using VolunteerGrid.Coordinator.Observability;
using VolunteerGrid.Coordinator.Security;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Coordinator.Validation;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Coordinator.Api;

/// <summary>Routes volunteer agents use: register, pull work, download inputs, upload and report results.</summary>
internal static class AgentEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost(GridRoutes.RegisterHost, async Task<IResult> (HttpContext ctx) =>
        {
            var request = await ctx.ReadJsonAsync(GridJsonContext.Default.RegisterHostRequest);
            var response = await ctx.RequestServices.GetRequiredService<HostRegistry>().RegisterAsync(request, ctx.RequestAborted);
            return Results.Json(response, GridJsonContext.Default.RegisterHostResponse);
        }).Accepts<RegisterHostRequest>("application/json").Produces<RegisterHostResponse>();

        app.MapGet(GridRoutes.ProjectCertificate, (HttpContext ctx) =>
            Results.Text(ctx.RequestServices.GetRequiredService<ProjectSigning>().CertificatePem, "application/x-pem-file"));

        app.MapPost(GridRoutes.RequestWork, async Task<IResult> (HttpContext ctx) =>
        {
            var host = await ctx.HostAsync();
            var request = await ctx.ReadJsonAsync(GridJsonContext.Default.WorkRequest);
            var (units, retry) = await ctx.RequestServices.GetRequiredService<DispatchService>().RequestWorkAsync(host, request, ctx.RequestAborted);
            var assignments = await ctx.RequestServices.GetRequiredService<ManifestIssuer>().IssueAsync(units, ctx.RequestAborted);
            return Results.Json(new WorkResponse(assignments, retry), GridJsonContext.Default.WorkResponse);
        }).Accepts<WorkRequest>("application/json").Produces<WorkResponse>();

        app.MapGet(GridRoutes.File, async Task<IResult> (HttpContext ctx, string sha256) =>
        {
            await ctx.AnyPrincipalAsync();
            var files = ctx.RequestServices.GetRequiredService<FileStore>();
            if (!FileStore.IsValidHash(sha256))
                throw GridException.BadRequest($"'{sha256}' is not a lower-case hex SHA-256 digest.");
            if (!files.Exists(sha256))
                throw GridException.NotFound($"No stored file has SHA-256 {sha256}.");
            var path = files.PathOf(sha256);
            ctx.RequestServices.GetRequiredService<GridMetrics>().AddBytesOut(new FileInfo(path).Length);
            return Results.File(path, "application/octet-stream", enableRangeProcessing: true);
        });

        app.MapPut(GridRoutes.ResultOutput, async Task<IResult> (HttpContext ctx, string resultId, string name) =>
        {
            var host = await ctx.HostAsync();
            ctx.AllowUpload(ctx.RequestServices.GetRequiredService<CoordinatorOptions>().MaxUploadBytes);
            var stored = await ctx.RequestServices.GetRequiredService<ResultIntake>().UploadOutputAsync(
                host, resultId, name, ctx.Request.Query["sha256"], ctx.Request.Query["size"], ctx.Request.Body, ctx.RequestAborted);
            return Results.Json(stored, GridJsonContext.Default.StoredFile);
        }).Produces<StoredFile>();

        app.MapPost(GridRoutes.CompleteResult, async Task<IResult> (HttpContext ctx, string resultId) =>
        {
            var host = await ctx.HostAsync();
            var report = await ctx.ReadJsonAsync(GridJsonContext.Default.ResultReport);
            await ctx.RequestServices.GetRequiredService<ResultIntake>().CompleteAsync(host, resultId, report, ctx.RequestAborted);
            return Results.NoContent();
        }).Accepts<ResultReport>("application/json");

        app.MapPost(GridRoutes.FailResult, async Task<IResult> (HttpContext ctx, string resultId) =>
        {
            var host = await ctx.HostAsync();
            var failure = await ctx.ReadJsonAsync(GridJsonContext.Default.ResultFailure);
            await ctx.RequestServices.GetRequiredService<ResultIntake>().FailAsync(host, resultId, failure, ctx.RequestAborted);
            return Results.NoContent();
        }).Accepts<ResultFailure>("application/json");

        app.MapPost(GridRoutes.ResultProgress, async Task<IResult> (HttpContext ctx, string resultId) =>
        {
            var host = await ctx.HostAsync();
            var progress = await ctx.ReadJsonAsync(GridJsonContext.Default.ProgressReport);
            await ctx.RequestServices.GetRequiredService<ResultIntake>().ProgressAsync(host, resultId, progress, ctx.RequestAborted);
            return Results.NoContent();
        }).Accepts<ProgressReport>("application/json");
    }
}
