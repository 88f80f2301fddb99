using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VolunteerGrid.Coordinator.Campaigns;
using VolunteerGrid.Coordinator.Duties;
using VolunteerGrid.Coordinator.Hosting;
using VolunteerGrid.Coordinator.Security;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Shared.Protocol;
using VolunteerGrid.Shared.Protocol.Grid;
using VolunteerGrid.WorkUnits.Contract;

namespace VolunteerGrid.Benchmarks.Grid;

/// <summary>
/// <see cref="BenchGrid"/>'s round trip over real HTTP: a coordinator on Kestrel at 127.0.0.1 and
/// <see cref="BenchGrid.Hosts"/> simulated hosts, each with its own bearer token, calling the routes
/// an agent calls (request work, upload the output, report completion) through one keep-alive
/// <see cref="HttpClient"/>. The client is lean (request bodies serialised once, the manifest's
/// content read without checking its signature, which the real agent does), but every request goes
/// through the socket, routing, authentication, JSON and the same services as an agent's would.
/// </summary>
internal sealed class HttpBenchGrid : IAsyncDisposable
{
    private static readonly DeviceInfo Device = new("cpu", "bench", "cpu", "1", 8192, true);

    private readonly string _directory;
    private readonly WebApplication _app;
    private readonly HttpClient _client;
    private readonly AuthenticationHeaderValue[] _tokens;
    private readonly byte[] _ask;
    private readonly string _seed;
    private int _round;

    private HttpBenchGrid(string directory, WebApplication app, HttpClient client, AuthenticationHeaderValue[] tokens, byte[] ask, string seed)
    {
        _directory = directory;
        _app = app;
        _client = client;
        _tokens = tokens;
        _ask = ask;
        _seed = seed;
    }

    public static async Task<HttpBenchGrid> StartAsync(bool fsyncFiles)
    {
        var directory = Directory.CreateTempSubdirectory("vgrid-httpbench-").FullName;
        var options = new CoordinatorOptions { DataDirectory = directory, RunBackgroundDuties = false, InitialDailyQuota = 100_000, FsyncFiles = fsyncFiles };
        var app = await CoordinatorApp.BuildAsync(options, "http://127.0.0.1:0", builder =>
        {
            builder.Services.AddSingleton(new KindRegistry().Add(new BenchUnitKind()).Add(new BenchCampaignKind()));
            // A log line per request would dominate what is measured.
            builder.Logging.ClearProviders();
        });
        await app.StartAsync();
        var client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            MaxConnectionsPerServer = int.MaxValue,
        })
        { BaseAddress = new Uri(app.Urls.First()) };
        var tokens = new AuthenticationHeaderValue[BenchGrid.Hosts];
        for (var i = 0; i < tokens.Length; i++)
        {
            using var response = await client.PostAsJsonAsync(GridRoutes.RegisterHost,
                new RegisterHostRequest($"host{i:D4}", $"account{i:D4}", "linux-x64", 4, 8192), GridJsonContext.Default.RegisterHostRequest);
            response.EnsureSuccessStatusCode();
            var registered = (await response.Content.ReadFromJsonAsync(GridJsonContext.Default.RegisterHostResponse))!;
            tokens[i] = new AuthenticationHeaderValue(GridRoutes.HostTokenScheme, registered.Token);
        }
        var seed = (await app.Services.GetRequiredService<FileStore>().PutAsync(new MemoryStream(RandomNumberGenerator.GetBytes(4096)), long.MaxValue, null, null, CancellationToken.None)).File!.Sha256;
        // Agents report the inputs they cache: the seed, so the locality ranking runs as it does for real.
        var ask = JsonSerializer.SerializeToUtf8Bytes(
            new WorkRequest(new HostCapabilities(4, 8192, [new KindVersion("bench.unit", 1)], [], 10_000), [seed], 1), GridJsonContext.Default.WorkRequest);
        return new HttpBenchGrid(directory, app, client, tokens, ask, seed);
    }

    /// <summary>Queues a fresh campaign with exactly one replica for every host.</summary>
    public void QueueCampaign()
    {
        var kind = new BenchCampaignKind();
        var request = new SubmitCampaignRequest(kind.Name, kind.ToJson(new BenchCampaignParameters(BenchGrid.Hosts / BenchGrid.Quorum, ++_round)),
            new Dictionary<string, string> { ["seed.bin"] = _seed }, new QuorumPolicy(BenchGrid.Quorum, BenchGrid.Quorum, 4, 2));
        _app.Services.GetRequiredService<CampaignSubmitter>().SubmitAsync(new Caller("bench", ApiRole.Scientist), request, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>Runs background duties (validation, assembly) until none has work left.</summary>
    public async Task DutiesAsync()
    {
        var duties = _app.Services.GetRequiredService<GridDuties>();
        while (await duties.RunOnceAsync() > 0)
        {
        }
    }

    /// <summary>Round trips for every host, <paramref name="concurrency"/> at a time.</summary>
    public Task RoundTripsAsync(int concurrency)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < BenchGrid.Hosts)
                await RoundTripAsync(_tokens[i]);
        }));
    }

    private async Task RoundTripAsync(AuthenticationHeaderValue token)
    {
        var assignment = await RequestWorkAsync(token);
        // The output depends on the unit only, so both replicas of a unit upload the same bytes.
        var bytes = Encoding.UTF8.GetBytes(UnitIdOf(assignment.SignedManifest));
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var upload = GridRoutes.Format(GridRoutes.ResultOutput, ("resultId", assignment.ResultId), ("name", "out.bin")) +
            string.Create(CultureInfo.InvariantCulture, $"?sha256={sha}&size={bytes.Length}");
        await SendAsync(HttpMethod.Put, upload, token, new ByteArrayContent(bytes));
        var report = JsonSerializer.SerializeToUtf8Bytes(new ResultReport([new OutputDeclaration("out.bin", sha, bytes.Length)], Device, 1, 1, null), GridJsonContext.Default.ResultReport);
        await SendAsync(HttpMethod.Post, GridRoutes.Format(GridRoutes.CompleteResult, ("resultId", assignment.ResultId)), token, Json(report));
    }

    private async Task<WorkAssignment> RequestWorkAsync(AuthenticationHeaderValue token)
    {
        using var response = await SendAsync(HttpMethod.Post, GridRoutes.RequestWork, token, Json(_ask));
        var work = (await response.Content.ReadFromJsonAsync(GridJsonContext.Default.WorkResponse))!;
        if (work.Assignments.Count != 1)
            throw new InvalidOperationException($"a host got {work.Assignments.Count} units; the benchmark queue is sized for exactly one each");
        return work.Assignments[0];
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, AuthenticationHeaderValue token, HttpContent content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = token;
        var response = await _client.SendAsync(request);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>The unit id inside a signed manifest (content only: the benchmark trusts its own coordinator).</summary>
    private static string UnitIdOf(string signedManifest)
    {
        var cms = new SignedCms();
        cms.Decode(Convert.FromBase64String(signedManifest));
        if (!WorkUnitManifest.TryParse(cms.ContentInfo.Content, out var manifest, out var errors))
            throw new InvalidOperationException("the coordinator sent a manifest that does not parse: " + string.Join("; ", errors));
        return manifest.UnitId;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
