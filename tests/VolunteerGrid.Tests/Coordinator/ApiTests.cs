using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VolunteerGrid.Shared.Protocol.Grid;
using VolunteerGrid.Shared.Signing;
using VolunteerGrid.Tests.Contract;
using VolunteerGrid.WorkUnits.Contract;

namespace VolunteerGrid.Tests.Coordinator;

[Trait("Category", "Integration")]
public sealed class ApiTests : IAsyncLifetime
{
    private TestServerCoordinator _coordinator = null!;

    private string DataDirectory => _coordinator.Directory;

    private HttpClient Client => _coordinator.Client;

    private string AdminKey => _coordinator.AdminKey;

    public async Task InitializeAsync() => _coordinator = await TestServerCoordinator.StartAsync();

    public async Task DisposeAsync()
    {
        await _coordinator.DisposeAsync();
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Start_FirstTime_WritesAdminKeyReadableByOwnerOnly()
    {
        var mode = File.GetUnixFileMode(Path.Combine(DataDirectory, "admin.key"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("ten")]
    [InlineData("10001")]
    public async Task CampaignLogs_BadTail_Is400ProblemNamingTail(string tail)
    {
        var campaign = await SubmitSumAsync(AdminKey, [1, 2], chunk: 2);

        var response = await Send(HttpMethod.Get, GridRoutes.Format(GridRoutes.CampaignLogs, ("id", campaign.Id)) + "?tail=" + tail, AdminKey);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, $"tail: '{tail}' is not a whole number from 1 to 10000");
    }

    [Fact]
    public async Task Campaigns_WithoutApiKey_Is401ProblemDetails()
    {
        var response = await Client.GetAsync(GridRoutes.Campaigns);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, GridRoutes.ApiKeyHeader);
    }

    [Theory]
    [InlineData("{not json", "not valid JSON")] // malformed JSON
    [InlineData("""{"kind":"no-such-kind","parameters":{},"inputs":{}}""", "kind: 'no-such-kind'")] // unknown kind, the known ones listed
    [InlineData("""{"kind":"test.sum","parameters":{"Chunk":0},"inputs":{}}""", "chunk must be a positive number")] // the kind's own validation
    [InlineData("""{"kind":"test.sum","parameters":{"Chunk":2},"inputs":{"values.json":"00"}}""", "not a lower-case hex SHA-256")] // bad input reference
    [InlineData("""{"kind":"test.sum","parameters":{"Chunk":2},"inputs":{},"quorum":{"minQuorum":3,"targetResults":2}}""", "quorum.targetResults")] // inconsistent quorum
    public async Task SubmitCampaign_BadRequest_Is400ProblemNamingTheField(string body, string expected)
    {
        var response = await Send(HttpMethod.Post, GridRoutes.Campaigns, AdminKey, new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, expected);
    }

    [Fact]
    public async Task Keys_ScientistCreatingAKey_Is403AndCannotListHosts()
    {
        var scientist = await CreateScientistKeyAsync("carol");

        var create = await Send(HttpMethod.Post, GridRoutes.ApiKeys, scientist, JsonContent.Create(new CreateApiKeyRequest(ApiRole.Admin, "carol"), GridJsonContext.Default.CreateApiKeyRequest));
        var hosts = await Send(HttpMethod.Get, GridRoutes.Hosts, scientist);

        await AssertProblemAsync(create, HttpStatusCode.Forbidden, "admins");
        await AssertProblemAsync(hosts, HttpStatusCode.Forbidden, "admins");
    }

    [Fact]
    public async Task UploadOutput_ByHostNotAssigned_Is403ProblemDetails()
    {
        var scientist = await CreateScientistKeyAsync("dave");
        await SubmitSumAsync(scientist, [1, 2], chunk: 2);
        var (_, owner) = await RegisterAsync("owner");
        var (_, intruder) = await RegisterAsync("intruder");
        var work = await RequestWorkAsync(owner);
        var resultId = work.Assignments.Single().ResultId;

        var put = new HttpRequestMessage(HttpMethod.Put, GridRoutes.Format(GridRoutes.ResultOutput, ("resultId", resultId), ("name", "sum.json"))
            + $"?sha256={Convert.ToHexStringLower(SHA256.HashData("3"u8))}&size=1")
        { Content = new ByteArrayContent("3"u8.ToArray()) };
        put.Headers.Authorization = new AuthenticationHeaderValue("Bearer", intruder);

        await AssertProblemAsync(await Client.SendAsync(put), HttpStatusCode.Forbidden, "not assigned to this host");
    }

    [Fact]
    public async Task Campaign_TwoAgentsOverHttp_CompletesWithSignedManifestsProductsProvenanceAndMetrics()
    {
        var scientist = await CreateScientistKeyAsync("erin");
        var campaign = await SubmitSumAsync(scientist, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], chunk: 4);
        using var certificate = X509Certificate2.CreateFromPem(await Client.GetStringAsync(GridRoutes.ProjectCertificate));
        var verifier = new ManifestVerifier(certificate);
        var agents = new[] { await RegisterAsync("agent-1"), await RegisterAsync("agent-2") };

        for (var round = 0; round < 100 && (await GetCampaignAsync(scientist, campaign.Id)).State != CampaignState.Completed; round++)
        {
            foreach (var (name, token) in agents)
            {
                foreach (var assignment in (await RequestWorkAsync(token)).Assignments)
                    await RunAssignmentAsync(verifier, name, token, assignment);
            }
            await Task.Delay(20);
        }

        var summary = await GetCampaignAsync(scientist, campaign.Id);
        Assert.Equal(CampaignState.Completed, summary.State);
        var products = await GetJsonAsync(GridRoutes.Format(GridRoutes.CampaignProducts, ("id", campaign.Id)), scientist, GridJsonContext.Default.IReadOnlyListProductInfo);
        var total = await Send(HttpMethod.Get, GridRoutes.Format(GridRoutes.CampaignProduct, ("id", campaign.Id), ("name", products.Single().Name)), scientist);
        Assert.Equal(55.0, JsonSerializer.Deserialize<double>(await total.Content.ReadAsStringAsync()));

        using var provenance = JsonDocument.Parse(await (await Send(HttpMethod.Get, GridRoutes.Format(GridRoutes.CampaignProvenance, ("id", campaign.Id)), scientist)).Content.ReadAsStringAsync());
        Assert.All(provenance.RootElement.GetProperty("units").EnumerateArray(), u =>
            Assert.Equal(["agent-1", "agent-2"], u.GetProperty("hosts").EnumerateArray().Select(h => h.GetString()!).Order()));

        var metrics = await Client.GetStringAsync(GridRoutes.Metrics);
        Assert.Contains("vgrid_units{state=\"done\"} 4\n", metrics);
        Assert.Contains("vgrid_hosts_active 2\n", metrics);
        Assert.Matches(@"vgrid_bytes_in_total [1-9]", metrics);

        var events = await Send(HttpMethod.Get, GridRoutes.Format(GridRoutes.CampaignEvents, ("id", campaign.Id)), scientist);
        Assert.Equal("text/event-stream", events.Content.Headers.ContentType?.MediaType);
        var stream = await events.Content.ReadAsStringAsync();
        Assert.StartsWith("event: progress\ndata: {", stream);
        Assert.Contains("\"state\":\"Completed\"", stream);

        var openApi = await Client.GetStringAsync("/openapi/v1.json");
        Assert.Contains(GridRoutes.RequestWork, openApi);

        var other = await CreateScientistKeyAsync("frank");
        await AssertProblemAsync(await Send(HttpMethod.Get, GridRoutes.Format(GridRoutes.Campaign, ("id", campaign.Id)), other), HttpStatusCode.NotFound, "No campaign");
    }

    private async Task RunAssignmentAsync(ManifestVerifier verifier, string name, string token, WorkAssignment assignment)
    {
        Assert.True(verifier.TryVerifyManifest(Convert.FromBase64String(assignment.SignedManifest), out var manifest, out var reason), reason);
        var work = Path.Combine(DataDirectory, "agents", name, assignment.ResultId);
        Directory.CreateDirectory(work);
        var inputs = new Dictionary<string, string>();
        foreach (var input in manifest.Inputs)
        {
            var path = Path.Combine(work, "in-" + input.Name);
            var bytes = await (await Send(HttpMethod.Get, GridRoutes.Format(GridRoutes.File, ("sha256", input.Sha256.ToString())), bearer: token)).Content.ReadAsByteArrayAsync();
            Assert.Equal(input.Sha256.ToString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
            await File.WriteAllBytesAsync(path, bytes);
            inputs[input.Name] = path;
        }
        var files = new DirectoryUnitFiles(inputs, Path.Combine(work, "out"));
        await TestGrid.Kinds.Unit(manifest.Kind).ExecuteAsync(manifest.Parameters, files, UnitExecutionContext.Default);
        var outputs = new List<OutputDeclaration>();
        foreach (var output in manifest.Outputs)
        {
            var bytes = await File.ReadAllBytesAsync(files.OutputPath(output.Name));
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var put = await Send(HttpMethod.Put, GridRoutes.Format(GridRoutes.ResultOutput, ("resultId", assignment.ResultId), ("name", output.Name))
                + $"?sha256={sha}&size={bytes.Length.ToString(CultureInfo.InvariantCulture)}", bearer: token, content: new ByteArrayContent(bytes));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            outputs.Add(new OutputDeclaration(output.Name, sha, bytes.Length));
        }
        var complete = await Send(HttpMethod.Post, GridRoutes.Format(GridRoutes.CompleteResult, ("resultId", assignment.ResultId)), bearer: token,
            content: JsonContent.Create(new ResultReport(outputs, new DeviceInfo("cpu", "test", "cpu", "1", 1024, true), 0.1, 0.1, null), GridJsonContext.Default.ResultReport));
        Assert.Equal(HttpStatusCode.NoContent, complete.StatusCode);
    }

    private async Task<string> CreateScientistKeyAsync(string owner)
    {
        var response = await Send(HttpMethod.Post, GridRoutes.ApiKeys, AdminKey, JsonContent.Create(new CreateApiKeyRequest(ApiRole.Scientist, owner), GridJsonContext.Default.CreateApiKeyRequest));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(GridJsonContext.Default.CreateApiKeyResponse))!.Key;
    }

    private async Task<CampaignSummary> SubmitSumAsync(string key, double[] values, int chunk)
    {
        var upload = await Send(HttpMethod.Post, GridRoutes.Files, key, new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(values)));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var stored = (await upload.Content.ReadFromJsonAsync(GridJsonContext.Default.StoredFile))!;
        var request = new SubmitCampaignRequest("test.sum", new SumCampaignKind().ToJson(new SumCampaignParameters(chunk)),
            new Dictionary<string, string> { ["values.json"] = stored.Sha256 });
        var response = await Send(HttpMethod.Post, GridRoutes.Campaigns, key, JsonContent.Create(request, GridJsonContext.Default.SubmitCampaignRequest));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(GridJsonContext.Default.CampaignSummary))!;
    }

    private async Task<(string Name, string Token)> RegisterAsync(string name)
    {
        var response = await Client.PostAsync(GridRoutes.RegisterHost, JsonContent.Create(new RegisterHostRequest(name, null, "linux-x64", 2, 2048), GridJsonContext.Default.RegisterHostRequest));
        return (name, (await response.Content.ReadFromJsonAsync(GridJsonContext.Default.RegisterHostResponse))!.Token);
    }

    private async Task<WorkResponse> RequestWorkAsync(string token)
    {
        var response = await Send(HttpMethod.Post, GridRoutes.RequestWork, bearer: token, content: JsonContent.Create(TestGrid.Request(), GridJsonContext.Default.WorkRequest));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(GridJsonContext.Default.WorkResponse))!;
    }

    private Task<CampaignSummary> GetCampaignAsync(string key, string id) =>
        GetJsonAsync(GridRoutes.Format(GridRoutes.Campaign, ("id", id)), key, GridJsonContext.Default.CampaignSummary);

    private async Task<T> GetJsonAsync<T>(string url, string key, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var response = await Send(HttpMethod.Get, url, key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(type))!;
    }

    private Task<HttpResponseMessage> Send(HttpMethod method, string url, string? apiKey = null, HttpContent? content = null, string? bearer = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (apiKey is not null)
            request.Headers.Add(GridRoutes.ApiKeyHeader, apiKey);
        if (bearer is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return Client.SendAsync(request);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detailContains)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains(detailContains, problem.RootElement.GetProperty("detail").GetString());
    }
}
