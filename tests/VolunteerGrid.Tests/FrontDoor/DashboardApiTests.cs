using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using VolunteerGrid.Coordinator.Dashboard;
using VolunteerGrid.Coordinator.Hosting;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Shared.Fits;
using VolunteerGrid.Shared.Protocol.Grid;
using VolunteerGrid.Tests.Contract;
using VolunteerGrid.Tests.Coordinator;

namespace VolunteerGrid.Tests.FrontDoor;

/// <summary>The dashboard's HTTP surface: the page and assets, the feeds' authentication and errors, previews of (nested) FITS products.</summary>
[Trait("Category", "Integration")]
public sealed class DashboardApiTests : IAsyncLifetime
{
    private readonly string _directory = TestGrid.NewDirectory();
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private string _adminKey = null!;

    public async Task InitializeAsync()
    {
        _app = await CoordinatorApp.BuildAsync(new CoordinatorOptions { DataDirectory = _directory, RunBackgroundDuties = false },
            configure: b =>
            {
                b.WebHost.UseTestServer();
                b.Services.AddSingleton(TestGrid.Kinds);
            });
        await _app.StartAsync();
        _client = _app.GetTestClient();
        _adminKey = (await File.ReadAllTextAsync(Path.Combine(_directory, "admin.key"))).Trim();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Root_NoKeyNeeded_ServesThePageAndItsAssets()
    {
        using var page = await _client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<title>VolunteerGrid dashboard</title>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var script = await _client.GetAsync("/dashboard/app.js");
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        Assert.Contains("X-Api-Key", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var missing = await _client.GetAsync("/dashboard/nope.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("/api/v1/dashboard/overview")]
    [InlineData("/api/v1/dashboard/stream")]
    [InlineData("/api/v1/dashboard/forms")]
    public async Task Feeds_WithoutApiKey_Are401ProblemDetails(string route)
    {
        using var response = await _client.GetAsync(route);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("X-Api-Key", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Throughput_BucketsOutOfRange_Is400NamingTheParameter()
    {
        using var response = await Send(HttpMethod.Get, "/api/v1/dashboard/throughput?buckets=0", _adminKey);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("buckets: '0'", problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Forms_CoordinatorWithoutTheScienceKinds_OffersNone()
    {
        using var response = await Send(HttpMethod.Get, "/api/v1/dashboard/forms", _adminKey);
        response.EnsureSuccessStatusCode();
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Preview_NestedFitsProduct_IsPngForTheOwnerAnd404ForAnotherScientist()
    {
        var id = await SubmitSumAsync();
        var fits = Path.Combine(_directory, "flat.fits");
        using (var writer = FitsWriter.Create(fits))
            writer.WriteImage<float>([.. Enumerable.Range(0, 32 * 16).Select(i => (float)(i % 32))], [32, 16]);
        var stored = await _app.Services.GetRequiredService<FileStore>().ImportAsync(fits, CancellationToken.None);
        await _app.Services.GetRequiredService<GridDatabase>().WriteAsync(tx => tx.ExecAsync(
            "INSERT INTO products (campaign_id, name, sha256, size) VALUES (@c, 'masters/flat.fits', @h, @s)", ("@c", id), ("@h", stored.Sha256), ("@s", stored.Size)));
        var bob = await CreateKeyAsync("bob");

        using var png = await Send(HttpMethod.Get, $"/api/v1/campaigns/{id}/previews/masters/flat.fits", _adminKey);
        using var hidden = await Send(HttpMethod.Get, $"/api/v1/campaigns/{id}/previews/masters/flat.fits", bob);
        using var notFits = await Send(HttpMethod.Get, $"/api/v1/campaigns/{id}/previews/total.json", _adminKey);

        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        var bytes = await png.Content.ReadAsByteArrayAsync();
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notFits.StatusCode);
        using var overview = await Send(HttpMethod.Get, "/api/v1/dashboard/overview", _adminKey);
        using var document = JsonDocument.Parse(await overview.Content.ReadAsStringAsync());
        Assert.Equal(id, document.RootElement.GetProperty("campaigns")[0].GetProperty("campaign").GetProperty("id").GetString());
        Assert.Equal(60, document.RootElement.GetProperty("throughput").GetProperty("points").GetArrayLength());
    }

    [Fact]
    public async Task Stream_Admin_FirstEventIsTheOverview()
    {
        var id = await SubmitSumAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/dashboard/stream");
        request.Headers.Add(GridRoutes.ApiKeyHeader, _adminKey);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal("event: overview", await reader.ReadLineAsync(timeout.Token));
        var data = await reader.ReadLineAsync(timeout.Token);
        Assert.StartsWith("data: ", data);
        var overview = JsonSerializer.Deserialize(data!["data: ".Length..], VolunteerGrid.Coordinator.Api.CoordinatorJsonContext.Default.DashboardOverview)!;
        Assert.Equal(id, overview.Campaigns.Single().Campaign.Id);
        Assert.Equal(new DashboardCaller("admin", ApiRole.Admin), overview.Caller);
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string route, string key, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, route) { Content = content };
        request.Headers.Add(GridRoutes.ApiKeyHeader, key);
        return await _client.SendAsync(request);
    }

    private async Task<string> CreateKeyAsync(string owner)
    {
        using var response = await Send(HttpMethod.Post, GridRoutes.ApiKeys, _adminKey,
            JsonContent.Create(new CreateApiKeyRequest(ApiRole.Scientist, owner), GridJsonContext.Default.CreateApiKeyRequest));
        return (await response.Content.ReadFromJsonAsync(GridJsonContext.Default.CreateApiKeyResponse))!.Key;
    }

    private async Task<string> SubmitSumAsync()
    {
        using var upload = await Send(HttpMethod.Post, GridRoutes.Files, _adminKey, new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new double[] { 1, 2 })));
        var sha = (await upload.Content.ReadFromJsonAsync(GridJsonContext.Default.StoredFile))!.Sha256;
        var request = new SubmitCampaignRequest("test.sum", new SumCampaignKind().ToJson(new SumCampaignParameters(2)), new Dictionary<string, string> { ["values.json"] = sha });
        using var submitted = await Send(HttpMethod.Post, GridRoutes.Campaigns, _adminKey, JsonContent.Create(request, GridJsonContext.Default.SubmitCampaignRequest));
        submitted.EnsureSuccessStatusCode();
        return (await submitted.Content.ReadFromJsonAsync(GridJsonContext.Default.CampaignSummary))!.Id;
    }
}
