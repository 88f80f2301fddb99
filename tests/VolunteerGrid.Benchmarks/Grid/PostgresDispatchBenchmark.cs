using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using VolunteerGrid.Coordinator.Campaigns;
using VolunteerGrid.Coordinator.Dispatch;
using VolunteerGrid.Coordinator.Hosting;
using VolunteerGrid.Coordinator.Security;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Coordinator.Validation;
using VolunteerGrid.Shared.Protocol.Grid;
using VolunteerGrid.WorkUnits.Contract;

namespace VolunteerGrid.Benchmarks.Grid;

/// <summary>
/// <see cref="DispatchBenchmark"/>'s round trip (ask for a unit, upload its output, report) with
/// 1,000 simulated hosts against PostgreSQL, served by one or by two coordinators. Each
/// coordinator is a separate service container with its own Npgsql pool and file cache, as a
/// separate process would have (in one benchmark process, so HTTP is not measured); hosts are
/// spread over them round-robin. File bytes go into the database (<c>--files database</c>), so
/// PostgreSQL is the only shared thing. Server: <c>VGRID_BENCH_POSTGRES</c>, else
/// <c>VGRID_TEST_POSTGRES</c>; a fresh schema per run, dropped afterwards.
/// Run: dotnet run -c Release --project tests/VolunteerGrid.Benchmarks -- --filter '*PostgresDispatchBenchmark*'
/// </summary>
[MemoryDiagnoser]
[Config(typeof(DispatchBenchmarkConfig))]
public class PostgresDispatchBenchmark
{
    private const int Hosts = 1000;
    private const int Quorum = 2;

    private readonly List<ServiceProvider> _coordinators = [];
    private string _directory = null!;
    private string _server = null!;
    private string _schema = null!;
    private HostIdentity[] _hosts = null!;
    private string _seed = null!;
    private int _round;
    private long _retries;

    /// <summary>Coordinator replicas sharing the database.</summary>
    [Params(1, 2)]
    public int Coordinators { get; set; }

    /// <summary>Hosts reporting at the same time, over all coordinators.</summary>
    [Params(16, 64)]
    public int Concurrency { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _server = Environment.GetEnvironmentVariable("VGRID_BENCH_POSTGRES") is { Length: > 0 } bench ? bench
            : Environment.GetEnvironmentVariable("VGRID_TEST_POSTGRES") is { Length: > 0 } test ? test
            : throw new InvalidOperationException("Set VGRID_BENCH_POSTGRES (or VGRID_TEST_POSTGRES) to a PostgreSQL connection string, e.g. \"Host=127.0.0.1;Username=vgrid;Password=...;Database=vgrid\".");
        _schema = "bench_" + Guid.NewGuid().ToString("N");
        Execute($"CREATE SCHEMA {_schema}");
        var connection = new NpgsqlConnectionStringBuilder(_server) { SearchPath = _schema }.ConnectionString;
        _directory = Directory.CreateTempSubdirectory("vgrid-pgbench-").FullName;
        for (var c = 0; c < Coordinators; c++)
        {
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton(new KindRegistry().Add(new BenchUnitKind()).Add(new BenchCampaignKind()));
            services.AddCoordinator(new CoordinatorOptions
            {
                DataDirectory = Directory.CreateDirectory(Path.Combine(_directory, $"coordinator{c}")).FullName,
                RunBackgroundDuties = false,
                InitialDailyQuota = 100_000,
                Database = DatabaseEngine.Postgres,
                ConnectionString = connection,
                Files = FileBackend.Database,
                FsyncFiles = false,
            });
            var provider = services.BuildServiceProvider();
            provider.InitializeCoordinatorAsync().GetAwaiter().GetResult();
            _coordinators.Add(provider);
        }
        var registry = _coordinators[0].GetRequiredService<HostRegistry>();
        _hosts = [.. Enumerable.Range(0, Hosts).Select(i =>
        {
            var token = registry.RegisterAsync(new RegisterHostRequest($"host{i:D4}", $"account{i:D4}", "linux-x64", 4, 8192), CancellationToken.None).GetAwaiter().GetResult().Token;
            return registry.AuthenticateAsync(token, CancellationToken.None).GetAwaiter().GetResult()!;
        })];
        _seed = _coordinators[0].GetRequiredService<FileStore>().PutAsync(new MemoryStream(RandomNumberGenerator.GetBytes(4096)), long.MaxValue, null, null, CancellationToken.None)
            .GetAwaiter().GetResult().File!.Sha256;
    }

    [IterationSetup]
    public void QueueCampaign()
    {
        var kind = new BenchCampaignKind();
        var request = new SubmitCampaignRequest(kind.Name, kind.ToJson(new BenchCampaignParameters(Hosts / Quorum, ++_round)),
            new Dictionary<string, string> { ["seed.bin"] = _seed }, new QuorumPolicy(Quorum, Quorum, 4, 2));
        _coordinators[0].GetRequiredService<CampaignSubmitter>().SubmitAsync(new Caller("bench", ApiRole.Scientist), request, CancellationToken.None).GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = Hosts)]
    public async Task DispatchAndReport()
    {
        var next = -1;
        var workers = Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Hosts)
                await RoundTripAsync(_coordinators[i % _coordinators.Count], _hosts[i]);
        });
        await Task.WhenAll(workers);
    }

    private async Task RoundTripAsync(ServiceProvider coordinator, HostIdentity host)
    {
        var dispatch = coordinator.GetRequiredService<DispatchService>();
        var intake = coordinator.GetRequiredService<ResultIntake>();
        var request = new WorkRequest(new HostCapabilities(4, 8192, [new KindVersion("bench.unit", 1)], [], 10_000), [_seed], 1);
        IReadOnlyList<DispatchedUnit> units;
        var attempts = 0;
        // SKIP LOCKED passes over units another transaction is leasing at this instant, so near the
        // end of the queue a host can be told "nothing now" while a replica slot is still open:
        // like an agent, it asks again. Each retry is counted in Retries, not as a round trip.
        while ((units = (await dispatch.RequestWorkAsync(host, request, CancellationToken.None)).Units).Count == 0)
        {
            if (++attempts > 1000)
                throw new InvalidOperationException($"host {host.Name} got no unit in 1,000 requests; the benchmark queue is sized for exactly one each");
            Interlocked.Increment(ref _retries);
            await Task.Delay(1);
        }
        if (units.Count != 1)
            throw new InvalidOperationException($"host {host.Name} got {units.Count} units; the benchmark queue is sized for exactly one each");
        var unit = units[0];
        var bytes = Encoding.UTF8.GetBytes(unit.UnitId);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        await intake.UploadOutputAsync(host, unit.ResultId, "out.bin", sha, bytes.Length.ToString(CultureInfo.InvariantCulture), new MemoryStream(bytes), CancellationToken.None);
        await intake.CompleteAsync(host, unit.ResultId,
            new ResultReport([new OutputDeclaration("out.bin", sha, bytes.Length)], new DeviceInfo("cpu", "bench", "cpu", "1", 8192, true), 1, 1, null),
            CancellationToken.None);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// PostgresDispatchBenchmark Coordinators={Coordinators} Concurrency={Concurrency}: {_retries} empty answers (SKIP LOCKED) over {_round} campaigns of {Hosts} round trips");
        foreach (var coordinator in _coordinators)
            coordinator.Dispose();
        _coordinators.Clear();
        Execute($"DROP SCHEMA IF EXISTS {_schema} CASCADE");
        Directory.Delete(_directory, recursive: true);
    }

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(_server);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
