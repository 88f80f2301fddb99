using Microsoft.AspNetCore.Http.Json;
using VolunteerGrid.Coordinator.Api;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Coordinator.Hosting;

/// <summary>Builds the coordinator web application: services, JSON, ProblemDetails, OpenAPI, routes.</summary>
public static class CoordinatorApp
{
    /// <param name="options">Where state lives and the dispatch policy.</param>
    /// <param name="urls">Kestrel URLs, e.g. <c>http://127.0.0.1:5080</c>; null keeps the host's default (tests use a TestServer).</param>
    /// <param name="configure">Last say over the builder: tests replace the clock, the kinds or the server.</param>
    /// <param name="jsonLogs">Write logs as one JSON object per line (structured) instead of text.</param>
    /// <param name="cancellationToken">Stops start-up work (migrations).</param>
    public static async Task<WebApplication> BuildAsync(CoordinatorOptions options, string? urls = null, Action<WebApplicationBuilder>? configure = null,
        bool jsonLogs = false, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (urls is not null)
            builder.WebHost.UseUrls(urls);
        // The slim builder leaves HTTPS out; this lets https:// URLs use the certificate configured
        // as Kestrel:Certificates:Default (the Debian package's tls-cert / tls-key).
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.Logging.ClearProviders();
        if (jsonLogs)
            builder.Logging.AddJsonConsole();
        else
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, GridJsonContext.Default));
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        configure?.Invoke(builder);
        builder.Services.AddCoordinator(options);
        var app = builder.Build();
        await app.Services.InitializeCoordinatorAsync(cancellationToken);
        app.UseMiddleware<ProblemMiddleware>();
        // Empty error responses from routing (405, 415) become ProblemDetails too.
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapGridEndpoints();
        app.MapDashboardEndpoints();
        return app;
    }
}
