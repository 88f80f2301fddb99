using System.Diagnostics;
using System.Globalization;
using VolunteerGrid.Coordinator.Dispatch;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Benchmarks.Grid;

/// <summary>
/// Where a round trip's time goes: each phase (lease, sign, upload, report, validation) run alone
/// for all hosts, one at a time, timed in CPU and wall-clock microseconds per operation; then whole
/// round trips at several concurrencies, as round trips per wall second and per CPU-second.
/// With --http only the round trips run, over HTTP to a coordinator on Kestrel (<see cref="HttpBenchGrid"/>).
/// With --concurrency N only the round trips at that concurrency run (what a CPU profiler should see).
/// Run: dotnet tests/VolunteerGrid.Benchmarks/bin/Release/net10.0/VolunteerGrid.Benchmarks.dll dispatch-profile [--rounds N] [--fsync] [--keep DIR] [--http] [--concurrency N]
/// </summary>
internal static class DispatchProfile
{
    public static bool TryRun(string[] args)
    {
        if (args is not ["dispatch-profile", ..])
            return false;
        var rounds = 3;
        var fsync = false;
        string? keep = null;
        var http = false;
        int[] concurrencies = [1, 16, 64];
        var roundTripsOnly = false;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--rounds":
                    rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--fsync":
                    fsync = true;
                    break;
                case "--http":
                    http = true;
                    break;
                case "--keep":
                    keep = args[++i];
                    break;
                case "--concurrency":
                    concurrencies = [int.Parse(args[++i], CultureInfo.InvariantCulture)];
                    roundTripsOnly = true;
                    break;
                default:
                    throw new ArgumentException($"dispatch-profile: unknown argument '{args[i]}'; use --rounds N, --fsync, --keep DIR, --http, --concurrency N.");
            }
        }
        (http ? RunHttpAsync(rounds, fsync, concurrencies) : RunAsync(rounds, fsync, keep, concurrencies, roundTripsOnly)).GetAwaiter().GetResult();
        return true;
    }

    private static async Task RunAsync(int rounds, bool fsync, string? keep, int[] concurrencies, bool roundTripsOnly)
    {
        using var grid = new BenchGrid(fsync);
        Console.WriteLine($"dispatch profile: {BenchGrid.Hosts} hosts, quorum {BenchGrid.Quorum}, fsync {fsync}, {Environment.ProcessorCount} cores, load {LoadAverage()}");
        Console.WriteLine("phase (one at a time)      CPU µs/op   wall µs/op");
        for (var round = 0; round < (roundTripsOnly ? 0 : rounds); round++)
        {
            grid.QueueCampaign();
            var units = new DispatchedUnit[BenchGrid.Hosts];
            var outputs = new OutputDeclaration[BenchGrid.Hosts];
            await Phase("lease", round, i => Lease(grid, units, i));
            await Phase("sign manifest", round, i => grid.IssueAsync(units[i]));
            await Phase("upload output", round, async i => outputs[i] = await grid.UploadAsync(grid.HostList[i], units[i]));
            await Phase("report completion", round, i => grid.CompleteAsync(grid.HostList[i], units[i], outputs[i]));
            await PhaseOnce("validate (per unit)", round, BenchGrid.Hosts / BenchGrid.Quorum, grid.DutiesAsync);
        }
        Console.WriteLine("round trips (lease+sign+upload+report), validation not included");
        await RoundTripRounds(rounds, concurrencies, grid.QueueCampaign, grid.RoundTripsAsync, grid.DutiesAsync);
        if (keep is not null)
        {
            Directory.CreateDirectory(keep);
            File.Copy(grid.DatabasePath, Path.Combine(keep, "grid.db"), overwrite: true);
        }
    }

    private static async Task RunHttpAsync(int rounds, bool fsync, int[] concurrencies)
    {
        await using var grid = await HttpBenchGrid.StartAsync(fsync);
        Console.WriteLine($"dispatch profile over HTTP: {BenchGrid.Hosts} hosts, quorum {BenchGrid.Quorum}, fsync {fsync}, {Environment.ProcessorCount} cores, load {LoadAverage()}");
        Console.WriteLine("round trips (request work + upload + report over HTTP, client in-process), validation not included");
        await RoundTripRounds(rounds, concurrencies, grid.QueueCampaign, grid.RoundTripsAsync, grid.DutiesAsync);
    }

    /// <summary>Each concurrency, <paramref name="rounds"/> times: a fresh campaign, all hosts' round trips timed, then the duties (validation) untimed.</summary>
    private static async Task RoundTripRounds(int rounds, int[] concurrencies, Action queueCampaign, Func<int, Task> roundTrips, Func<Task> duties)
    {
        foreach (var concurrency in concurrencies)
        {
            for (var round = 0; round < rounds; round++)
            {
                queueCampaign();
                var (cpu, wall) = await Measure(() => roundTrips(concurrency));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  concurrency {concurrency,3}: {BenchGrid.Hosts / wall,7:N0} round trips/s  {BenchGrid.Hosts / cpu,7:N0} per CPU-second"));
                await duties();
            }
        }
    }

    private static async Task Lease(BenchGrid grid, DispatchedUnit[] units, int i) => units[i] = await grid.DispatchAsync(grid.HostList[i]);

    private static async Task Phase(string name, int round, Func<int, Task> step) =>
        await PhaseOnce(name, round, BenchGrid.Hosts, async () =>
        {
            for (var i = 0; i < BenchGrid.Hosts; i++)
                await step(i);
        });

    private static async Task PhaseOnce(string name, int round, int operations, Func<Task> work)
    {
        var (cpu, wall) = await Measure(work);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name,-22} r{round} {cpu * 1e6 / operations,9:F1} {wall * 1e6 / operations,11:F1}"));
    }

    private static async Task<(double CpuSeconds, double WallSeconds)> Measure(Func<Task> work)
    {
        var cpu = CpuTime.OfProcess();
        var wall = Stopwatch.StartNew();
        await work();
        return ((CpuTime.OfProcess() - cpu).TotalSeconds, wall.Elapsed.TotalSeconds);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
