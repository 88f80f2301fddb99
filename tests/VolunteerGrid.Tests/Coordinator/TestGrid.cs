using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using VolunteerGrid.Coordinator.Campaigns;
using VolunteerGrid.Coordinator.Dispatch;
using VolunteerGrid.Coordinator.Duties;
using VolunteerGrid.Coordinator.Hosting;
using VolunteerGrid.Coordinator.Security;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Coordinator.Validation;
using VolunteerGrid.Shared.Protocol.Grid;
using VolunteerGrid.Tests.Contract;
using VolunteerGrid.Tests.Storage;
using VolunteerGrid.WorkUnits.Contract;

namespace VolunteerGrid.Tests.Coordinator;

/// <summary>
/// A coordinator's services on a temp DATA folder with a fake clock, the test sum kinds and a seeded
/// random source, plus simulated hosts that run units with the real kind code.
/// </summary>
internal sealed class TestGrid : IAsyncDisposable
{
    public static readonly Caller Alice = new("alice", ApiRole.Scientist);

    private readonly bool _ownsDirectory;
    private TestDatabase? _ownedDatabase;

    private TestGrid(ServiceProvider services, string directory, FakeTimeProvider time, bool ownsDirectory)
    {
        Services = services;
        Directory = directory;
        Time = time;
        _ownsDirectory = ownsDirectory;
    }

    public ServiceProvider Services { get; }

    public string Directory { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>The database this grid runs on (null: SQLite in DATA); pass it to a second grid to make a replica.</summary>
    public TestDatabase? Database { get; private set; }

    public static KindRegistry Kinds { get; } = new KindRegistry().Add(new SumChunkKind()).Add(new SumTotalKind()).Add(new SumCampaignKind());

    public static IReadOnlyList<KindVersion> AllKinds { get; } = [.. Kinds.UnitKinds.Select(k => new KindVersion(k.Name, k.Version))];

    public static string NewDirectory() => System.IO.Directory.CreateTempSubdirectory("vgrid-coord-").FullName;

    /// <summary>A grid on a fresh database of <paramref name="engine"/>, dropped with the grid.</summary>
    public static async Task<TestGrid> StartAsync(TestEngine engine, FakeTimeProvider? time = null, int seed = 1,
        Func<string, CoordinatorOptions>? options = null, Random? random = null)
    {
        var database = await TestDatabase.CreateAsync(engine);
        var grid = await StartAsync(null, time, seed, options, database, random);
        grid._ownedDatabase = database;
        return grid;
    }

    /// <param name="directory">DATA folder; a temp one (deleted with the grid) when null.</param>
    /// <param name="time">The clock; a fake one when null.</param>
    /// <param name="seed">Seed of the dispatch random source.</param>
    /// <param name="options">Options for the DATA folder; defaults without background duties when null.</param>
    /// <param name="database">The database to run on (the caller disposes it); SQLite in DATA when null.</param>
    /// <param name="random">The dispatch random source (e.g. scripted draws); seeded by <paramref name="seed"/> when null.</param>
    public static async Task<TestGrid> StartAsync(string? directory = null, FakeTimeProvider? time = null, int seed = 1,
        Func<string, CoordinatorOptions>? options = null, TestDatabase? database = null, Random? random = null)
    {
        var owns = directory is null;
        directory ??= NewDirectory();
        time ??= new FakeTimeProvider();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(Kinds);
        services.AddSingleton(new GridRandom(random ?? new Random(seed)));
        var chosen = options?.Invoke(directory) ?? new CoordinatorOptions { DataDirectory = directory, RunBackgroundDuties = false };
        services.AddCoordinator(database?.Apply(chosen) ?? chosen);
        var provider = services.BuildServiceProvider();
        await provider.InitializeCoordinatorAsync();
        return new TestGrid(provider, directory, time, owns) { Database = database };
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task<string> UploadAsync(byte[] content)
    {
        var outcome = await Get<FileStore>().PutAsync(new MemoryStream(content), long.MaxValue, null, null, CancellationToken.None);
        return outcome.File!.Sha256;
    }

    public async Task<string> SubmitSumAsync(double[] values, int chunk = 4, QuorumPolicy? quorum = null, double? deadlineSeconds = null, Caller? caller = null, bool isPublic = false)
    {
        var sha = await UploadAsync(JsonSerializer.SerializeToUtf8Bytes(values));
        var request = new SubmitCampaignRequest("test.sum", new SumCampaignKind().ToJson(new SumCampaignParameters(chunk)),
            new Dictionary<string, string> { ["values.json"] = sha }, quorum, deadlineSeconds, Public: isPublic);
        return await Get<CampaignSubmitter>().SubmitAsync(caller ?? Alice, request, CancellationToken.None);
    }

    public async Task<HostIdentity> RegisterAsync(string name, string? account = null)
    {
        var registered = await Get<HostRegistry>().RegisterAsync(new RegisterHostRequest(name, account, "linux-x64", 4, 8192), CancellationToken.None);
        return (await Get<HostRegistry>().AuthenticateAsync(registered.Token, CancellationToken.None))!;
    }

    public static WorkRequest Request(int maxUnits = 1, IReadOnlyList<string>? cached = null, IReadOnlyList<KindVersion>? kinds = null) =>
        new(new HostCapabilities(4, 8192, kinds ?? AllKinds, [new DeviceInfo("cpu", "test", "cpu", "1", 8192, true)], 10_000), cached ?? [], maxUnits);

    public async Task<IReadOnlyList<DispatchedUnit>> RequestAsync(HostIdentity host, int maxUnits = 1, IReadOnlyList<string>? cached = null) =>
        (await Get<DispatchService>().RequestWorkAsync(host, Request(maxUnits, cached), CancellationToken.None)).Units;

    /// <summary>Runs a leased unit with the real kind code and reports it; a saboteur alters every output.</summary>
    public async Task ExecuteAndReportAsync(HostIdentity host, DispatchedUnit unit, bool sabotage = false)
    {
        var store = Get<FileStore>();
        var work = Path.Combine(Directory, "agents", host.Name, unit.ResultId);
        var files = new DirectoryUnitFiles(unit.Inputs.ToDictionary(i => i.Name, i => store.PathOf(i.Sha256)), work);
        using var parameters = JsonDocument.Parse(unit.Parameters);
        await Kinds.Unit(unit.Kind).ExecuteAsync(parameters.RootElement, files, UnitExecutionContext.Default);
        var declarations = new List<OutputDeclaration>();
        foreach (var name in unit.Outputs)
        {
            var bytes = await File.ReadAllBytesAsync(files.OutputPath(name));
            if (sabotage)
                bytes = Encoding.UTF8.GetBytes("666.5");
            var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
            await Get<ResultIntake>().UploadOutputAsync(host, unit.ResultId, name, sha, bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), new MemoryStream(bytes), CancellationToken.None);
            declarations.Add(new OutputDeclaration(name, sha, bytes.Length));
        }
        await Get<ResultIntake>().CompleteAsync(host, unit.ResultId,
            new ResultReport(declarations, new DeviceInfo("cpu", "test", "cpu", "1", 8192, true), 0.1, 0.1, null), CancellationToken.None);
    }

    /// <summary>Each host asks for one unit and runs it, then duties run; repeated until the campaign ends.</summary>
    public async Task<CampaignSummary> RunUntilFinishedAsync(string campaignId, IReadOnlyList<HostIdentity> hosts, IReadOnlySet<string>? saboteurs = null, int maxRounds = 50)
    {
        for (var round = 0; round < maxRounds; round++)
        {
            foreach (var host in hosts)
            {
                foreach (var unit in await RequestAsync(host))
                    await ExecuteAndReportAsync(host, unit, saboteurs?.Contains(host.Name) == true);
            }
            await DutiesAsync();
            var summary = await SummaryAsync(campaignId);
            if (summary.State is CampaignState.Completed or CampaignState.Failed or CampaignState.Cancelled)
                return summary;
        }
        throw new TimeoutException($"Campaign {campaignId} did not finish in {maxRounds} rounds.");
    }

    public async Task DutiesAsync()
    {
        while (await Get<GridDuties>().RunOnceAsync() > 0)
        {
        }
    }

    public Task<CampaignSummary> SummaryAsync(string campaignId, Caller? caller = null) =>
        Get<CampaignQueries>().GetAsync(caller ?? Alice, campaignId, CancellationToken.None);

    public Task<long> CountAsync(string sql, params (string, object?)[] parameters) =>
        Get<GridDatabase>().ReadAsync(c => c.ScalarAsync<long>(sql, parameters));

    public Task<List<T>> QueryAsync<T>(string sql, Func<System.Data.Common.DbDataReader, T> map, params (string, object?)[] parameters) =>
        Get<GridDatabase>().ReadAsync(c => c.QueryAsync(sql, map, parameters));

    public Task ExecAsync(string sql, params (string, object?)[] parameters) =>
        Get<GridDatabase>().WriteAsync(tx => tx.ExecAsync(sql, parameters));

    public async Task<double> ProductTotalAsync(string campaignId)
    {
        var products = await Get<CampaignQueries>().ProductsAsync(Alice, campaignId, CancellationToken.None);
        var total = products.Single(p => p.Name == "total.json");
        return JsonSerializer.Deserialize<double>(await File.ReadAllTextAsync(Get<FileStore>().PathOf(total.Sha256)));
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_ownedDatabase is not null)
            await _ownedDatabase.DisposeAsync();
        if (_ownsDirectory)
            System.IO.Directory.Delete(Directory, recursive: true);
    }
}
