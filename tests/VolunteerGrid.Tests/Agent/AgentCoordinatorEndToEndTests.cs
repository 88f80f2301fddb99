using System.Net.Http.Json;
using System.Text.Json;
using VolunteerGrid.Agent;
using VolunteerGrid.Agent.Execution;
using VolunteerGrid.Agent.Manifests;
using VolunteerGrid.Agent.Work;
using VolunteerGrid.Shared.Protocol.Grid;
using VolunteerGrid.Tests.Contract;
using VolunteerGrid.Tests.Coordinator;
using VolunteerGrid.WorkUnits.Contract;

namespace VolunteerGrid.Tests.Agent;

/// <summary>
/// Three agents' work loops against the real coordinator (over TestServer, in-process): the sum
/// campaign completes with quorum 2, and its product is the exact sum.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AgentCoordinatorEndToEndTests : IAsyncLifetime
{
    private readonly List<string> _agentDirectories = [];
    private TestServerCoordinator _coordinator = null!;

    private string DataDirectory => _coordinator.Directory;

    private HttpClient Client => _coordinator.Client;

    private string AdminKey => _coordinator.AdminKey;

    public async Task InitializeAsync() => _coordinator = await TestServerCoordinator.StartAsync(idleRetrySeconds: 0.2);

    public async Task DisposeAsync()
    {
        await _coordinator.DisposeAsync();
        foreach (var directory in _agentDirectories)
            Directory.Delete(directory, recursive: true);
    }

    private WorkLoop Agent(string name, StringWriter log)
    {
        var data = Path.Combine(Path.GetTempPath(), "vgrid-e2e-agent-" + Guid.NewGuid().ToString("N"));
        _agentDirectories.Add(data);
        var options = new AgentOptions { Coordinator = Client.BaseAddress!, DataDirectory = data, Cores = 1, MemoryMb = 256, CacheMb = 16, Name = name };
        var kinds = new KindRegistry().Add(new SumChunkKind()).Add(new SumTotalKind());
        return new WorkLoop(new CoordinatorClient(Client), new AgentStateStore(data), new SignedManifestVerifier(TimeProvider.System),
            new InProcessUnitRunner(kinds, TimeProvider.System), kinds, options, TimeProvider.System,
            new StatusReporter(log, isTerminal: false, TimeProvider.System));
    }

    [Fact]
    public async Task SumCampaign_ThreeAgentsQuorumTwo_CompletesWithExactProduct()
    {
        double[] values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]; // integers: every partial sum is exact
        var upload = await Send(HttpMethod.Post, GridRoutes.Files, new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(values)));
        var stored = (await upload.Content.ReadFromJsonAsync(GridJsonContext.Default.StoredFile))!;
        var submit = await Send(HttpMethod.Post, GridRoutes.Campaigns, JsonContent.Create(
            new SubmitCampaignRequest("test.sum", new SumCampaignKind().ToJson(new SumCampaignParameters(4)),
                new Dictionary<string, string> { ["values.json"] = stored.Sha256 }, new QuorumPolicy(MinQuorum: 2, TargetResults: 2)),
            GridJsonContext.Default.SubmitCampaignRequest));
        var campaign = (await submit.Content.ReadFromJsonAsync(GridJsonContext.Default.CampaignSummary))!;

        using var drain = new CancellationTokenSource();
        var logs = Enumerable.Range(0, 3).Select(_ => new StringWriter()).ToList();
        var agents = logs.Select((log, i) => Agent($"agent-{i}", log).RunAsync(drain.Token, CancellationToken.None)).ToList();
        CampaignSummary summary;
        var waited = 0;
        do
        {
            await Task.Delay(100);
            summary = (await (await Send(HttpMethod.Get, GridRoutes.Format(GridRoutes.Campaign, ("id", campaign.Id)))).Content.ReadFromJsonAsync(GridJsonContext.Default.CampaignSummary))!;
        }
        while (summary.State is CampaignState.Running or CampaignState.Assembling && waited++ < 400);
        await drain.CancelAsync();
        await Task.WhenAll(agents).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(summary.State == CampaignState.Completed, $"{summary.State} {summary.FailureReason}\n{string.Join("\n", logs)}");
        var product = await Send(HttpMethod.Get, GridRoutes.Format(GridRoutes.CampaignProduct, ("id", campaign.Id), ("name", "total.json")));
        Assert.Equal(55.0, JsonSerializer.Deserialize<double>(await product.Content.ReadAsStringAsync()));
        // Every unit was agreed by two distinct hosts, named as the agents registered; none failed.
        var provenance = JsonDocument.Parse(await (await Send(HttpMethod.Get, GridRoutes.Format(GridRoutes.CampaignProvenance, ("id", campaign.Id)))).Content.ReadAsStringAsync());
        var units = provenance.RootElement.GetProperty("units").EnumerateArray().ToList();
        Assert.Equal(4, units.Count); // chunks at 0, 4, 8 and the total
        foreach (var unit in units)
        {
            var hosts = unit.GetProperty("hosts").EnumerateArray().Select(h => h.GetString()!).ToList();
            Assert.Equal(2, hosts.Distinct().Count());
            Assert.All(hosts, h => Assert.StartsWith("agent-", h, StringComparison.Ordinal));
        }
        Assert.All(logs, log => Assert.DoesNotContain("failed:", log.ToString(), StringComparison.Ordinal));
    }

    private Task<HttpResponseMessage> Send(HttpMethod method, string url, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Add(GridRoutes.ApiKeyHeader, AdminKey);
        return Client.SendAsync(request);
    }
}
