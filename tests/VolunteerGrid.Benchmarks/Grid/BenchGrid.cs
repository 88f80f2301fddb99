using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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
using VolunteerGrid.WorkUnits.Contract;

namespace VolunteerGrid.Benchmarks.Grid;

/// <summary>
/// A coordinator's services on a temp folder with <see cref="Hosts"/> registered hosts: what the
/// dispatch benchmark and the dispatch profile drive. A round trip is what an agent's unit costs
/// the coordinator: ask for work (lease + signed manifest), upload the output, report completion.
/// </summary>
internal sealed class BenchGrid : IDisposable
{
    public const int Hosts = 1000;
    public const int Quorum = 2;

    private static readonly WorkRequest Ask = new(new HostCapabilities(4, 8192, [new KindVersion("bench.unit", 1)], [], 10_000), [], 1);
    private static readonly DeviceInfo Device = new("cpu", "bench", "cpu", "1", 8192, true);

    private readonly string _directory;
    private readonly ServiceProvider _services;
    private readonly DispatchService _dispatch;
    private readonly ManifestIssuer _issuer;
    private readonly ResultIntake _intake;
    private readonly WorkRequest _ask;
    private int _round;

    public BenchGrid(bool fsyncFiles)
    {
        _directory = Directory.CreateTempSubdirectory("vgrid-bench-").FullName;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(new KindRegistry().Add(new BenchUnitKind()).Add(new BenchCampaignKind()));
        services.AddCoordinator(new CoordinatorOptions { DataDirectory = _directory, RunBackgroundDuties = false, InitialDailyQuota = 100_000, FsyncFiles = fsyncFiles });
        _services = services.BuildServiceProvider();
        _services.InitializeCoordinatorAsync().GetAwaiter().GetResult();
        var registry = _services.GetRequiredService<HostRegistry>();
        HostList = [.. Enumerable.Range(0, Hosts).Select(i =>
        {
            var token = registry.RegisterAsync(new RegisterHostRequest($"host{i:D4}", $"account{i:D4}", "linux-x64", 4, 8192), CancellationToken.None).GetAwaiter().GetResult().Token;
            return registry.AuthenticateAsync(token, CancellationToken.None).GetAwaiter().GetResult()!;
        })];
        Seed = _services.GetRequiredService<FileStore>().PutAsync(new MemoryStream(RandomNumberGenerator.GetBytes(4096)), long.MaxValue, null, null, CancellationToken.None)
            .GetAwaiter().GetResult().File!.Sha256;
        _dispatch = _services.GetRequiredService<DispatchService>();
        _issuer = _services.GetRequiredService<ManifestIssuer>();
        _intake = _services.GetRequiredService<ResultIntake>();
        // Agents report the inputs they cache: the seed, so the locality ranking runs as it does for real.
        _ask = Ask with { CachedInputs = [Seed] };
    }

    public IReadOnlyList<HostIdentity> HostList { get; }

    public string Seed { get; }

    public string DatabasePath => Path.Combine(_directory, "grid.db");

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Queues a fresh campaign with exactly one replica for every host (Hosts / Quorum units).</summary>
    public void QueueCampaign()
    {
        var kind = new BenchCampaignKind();
        var request = new SubmitCampaignRequest(kind.Name, kind.ToJson(new BenchCampaignParameters(Hosts / Quorum, ++_round)),
            new Dictionary<string, string> { ["seed.bin"] = Seed }, new QuorumPolicy(Quorum, Quorum, 4, 2));
        Get<CampaignSubmitter>().SubmitAsync(new Caller("bench", ApiRole.Scientist), request, CancellationToken.None).GetAwaiter().GetResult();
    }

    public async Task<DispatchedUnit> DispatchAsync(HostIdentity host)
    {
        var (units, _) = await _dispatch.RequestWorkAsync(host, _ask, CancellationToken.None);
        if (units.Count != 1)
            throw new InvalidOperationException($"host {host.Name} got {units.Count} units; the benchmark queue is sized for exactly one each");
        return units[0];
    }

    /// <summary>The signed manifest the agent receives (CMS; what the request-work route returns).</summary>
    public async Task<WorkAssignment> IssueAsync(DispatchedUnit unit) => (await _issuer.IssueAsync([unit], CancellationToken.None))[0];

    public async Task<OutputDeclaration> UploadAsync(HostIdentity host, DispatchedUnit unit)
    {
        var bytes = Encoding.UTF8.GetBytes(unit.UnitId);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        await _intake.UploadOutputAsync(host, unit.ResultId, "out.bin", sha, bytes.Length.ToString(CultureInfo.InvariantCulture), new MemoryStream(bytes), CancellationToken.None);
        return new OutputDeclaration("out.bin", sha, bytes.Length);
    }

    public Task CompleteAsync(HostIdentity host, DispatchedUnit unit, OutputDeclaration output) =>
        _intake.CompleteAsync(host, unit.ResultId, new ResultReport([output], Device, 1, 1, null), CancellationToken.None);

    public async Task RoundTripAsync(HostIdentity host)
    {
        var unit = await DispatchAsync(host);
        await IssueAsync(unit);
        var output = await UploadAsync(host, unit);
        await CompleteAsync(host, unit, output);
    }

    /// <summary>Round trips for every host, <paramref name="concurrency"/> at a time.</summary>
    public Task RoundTripsAsync(int concurrency)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Hosts)
                await RoundTripAsync(HostList[i]);
        }));
    }

    /// <summary>Runs background duties (validation, assembly) until none has work left.</summary>
    public async Task DutiesAsync()
    {
        var duties = Get<GridDuties>();
        while (await duties.RunOnceAsync() > 0)
        {
        }
    }

    public void Dispose()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
