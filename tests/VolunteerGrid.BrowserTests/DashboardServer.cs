using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using VolunteerGrid.BrowserTests.Contract;
using VolunteerGrid.Coordinator.Hosting;
using VolunteerGrid.Shared.Protocol.Grid;
using VolunteerGrid.Tests.Contract;
using VolunteerGrid.WorkUnits.Contract;

namespace VolunteerGrid.BrowserTests;

/// <summary>A coordinator on real Kestrel (http://127.0.0.1:0, a socket the browser can reach) with the tiny sum kinds and scientist keys.</summary>
internal sealed class DashboardServer : IAsyncDisposable
{
    /// <summary>The built-in science kinds (for the submit forms) plus the sum kinds the simulated agents run.</summary>
    public static readonly KindRegistry Kinds = BuiltInKinds.Create().Add(new SumChunkKind()).Add(new SumTotalKind()).Add(new SumCampaignKind());

    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, string directory, string url, string adminKey)
    {
        _app = app;
        Directory = directory;
        Url = url;
        AdminKey = adminKey;
    }

    public string Directory { get; }

    public string Url { get; }

    public string AdminKey { get; }

    public static async Task<DashboardServer> StartAsync()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("vgrid-browser-").FullName;
        var app = await CoordinatorApp.BuildAsync(
            new CoordinatorOptions { DataDirectory = Path.Combine(directory, "data"), DutyInterval = TimeSpan.FromMilliseconds(100), FsyncFiles = false },
            "http://127.0.0.1:0", b => b.Services.AddSingleton(Kinds));
        await app.StartAsync();
        var adminKey = (await File.ReadAllTextAsync(Path.Combine(directory, "data", "admin.key"))).Trim();
        return new DashboardServer(app, directory, app.Urls.Single(), adminKey);
    }

    public HttpClient Client(string apiKey)
    {
        var http = new HttpClient { BaseAddress = new Uri(Url) };
        http.DefaultRequestHeaders.Add(GridRoutes.ApiKeyHeader, apiKey);
        return http;
    }

    public async Task<string> CreateScientistKeyAsync(string owner)
    {
        using var admin = Client(AdminKey);
        using var response = await admin.PostAsJsonAsync(GridRoutes.ApiKeys, new CreateApiKeyRequest(ApiRole.Scientist, owner), GridJsonContext.Default.CreateApiKeyRequest);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(GridJsonContext.Default.CreateApiKeyResponse))!.Key;
    }

    /// <summary>A sum campaign of <paramref name="count"/> values in chunks of two, with one result per unit (no replicas to wait for).</summary>
    public async Task<string> SubmitSumAsync(string apiKey, string name, int count, bool isPublic)
    {
        using var http = Client(apiKey);
        var values = JsonSerializer.SerializeToUtf8Bytes(Enumerable.Range(1, count).Select(i => (double)i).ToArray(), BrowserJson.Default.DoubleArray);
        using var upload = await http.PostAsync(GridRoutes.Files, new ByteArrayContent(values));
        upload.EnsureSuccessStatusCode();
        var stored = (await upload.Content.ReadFromJsonAsync(GridJsonContext.Default.StoredFile))!;
        var request = new SubmitCampaignRequest("test.sum", new SumCampaignKind().ToJson(new SumCampaignParameters(2)),
            new Dictionary<string, string> { ["values.json"] = stored.Sha256 }, new QuorumPolicy(1, 1, 3, 3), Public: isPublic, Name: name);
        using var submitted = await http.PostAsJsonAsync(GridRoutes.Campaigns, request, GridJsonContext.Default.SubmitCampaignRequest);
        submitted.EnsureSuccessStatusCode();
        return (await submitted.Content.ReadFromJsonAsync(GridJsonContext.Default.CampaignSummary))!.Id;
    }

    public async Task<CampaignSummary> SummaryAsync(string apiKey, string id)
    {
        using var http = Client(apiKey);
        return (await http.GetFromJsonAsync(GridRoutes.Format(GridRoutes.Campaign, ("id", id)), GridJsonContext.Default.CampaignSummary))!;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
