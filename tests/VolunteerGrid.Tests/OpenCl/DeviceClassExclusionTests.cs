using System.Globalization;
using System.Text;
using System.Text.Json;
using VolunteerGrid.Coordinator.Dispatch;
using VolunteerGrid.Coordinator.Observability;
using VolunteerGrid.Coordinator.Security;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Coordinator.Validation;
using VolunteerGrid.Shared.Protocol.Grid;
using VolunteerGrid.Tests.Coordinator;
using VolunteerGrid.WorkUnits.Contract;

namespace VolunteerGrid.Tests.OpenCl;

/// <summary>
/// Homogeneous redundancy for GPUs: hosts whose results come from one device class (vendor, device,
/// driver) that keeps disagreeing with the quorum stop getting that kind; the same host's CPU, other
/// GPU classes and honest hosts keep working.
/// </summary>
public sealed class DeviceClassExclusionTests
{
    private static readonly DeviceInfo Cpu = new("cpu", "test", "cpu", "1", 8192, true);
    private static readonly DeviceInfo BadGpu = new("opencl-gpu", "Acme", "Fireball 9000", "0.1-beta", 4096, true);
    private static readonly DeviceInfo GoodGpu = new("opencl-gpu", "Acme", "Fireball 9000", "0.2", 4096, true);

    [Fact]
    public async Task Dispatch_GpuClassDisagreesRepeatedly_ExcludedForThatKindOthersKeepWorking()
    {
        await using var grid = await TestGrid.StartAsync();
        var values = Enumerable.Range(1, 48).Select(i => (double)i).ToArray();
        var id = await grid.SubmitSumAsync(values, chunk: 2);
        var bad = new[] { await grid.RegisterAsync("bad-gpu-1"), await grid.RegisterAsync("bad-gpu-2") };
        var good = new[] { await grid.RegisterAsync("good-gpu"), await grid.RegisterAsync("cpu-1"), await grid.RegisterAsync("cpu-2") };
        var devices = new Dictionary<string, DeviceInfo[]>
        {
            ["bad-gpu-1"] = [Cpu, BadGpu],
            ["bad-gpu-2"] = [Cpu, BadGpu],
            ["good-gpu"] = [Cpu, GoodGpu],
            ["cpu-1"] = [Cpu],
            ["cpu-2"] = [Cpu],
        };

        for (var round = 0; round < 60 && (await grid.SummaryAsync(id)).State == CampaignState.Running; round++)
        {
            foreach (var host in bad.Concat(good))
            {
                var hostDevices = devices[host.Name];
                foreach (var unit in await RequestAsync(grid, host, hostDevices))
                    await RunAndReportAsync(grid, host, unit, ran: hostDevices[^1], wrong: host.Name.StartsWith("bad", StringComparison.Ordinal));
            }
            await grid.DutiesAsync();
        }

        var summary = await grid.SummaryAsync(id);
        Assert.Equal(CampaignState.Completed, summary.State);
        Assert.Equal(values.Sum(), await grid.ProductTotalAsync(id));
        var excluded = await grid.QueryAsync("SELECT device_class, kind FROM device_class_kinds WHERE excluded_at IS NOT NULL",
            r => (r.GetString(0), r.GetString(1)));
        Assert.Contains((BadGpu.Class, "test.sum-chunk"), excluded);
        Assert.DoesNotContain(excluded, e => e.Item1 == Cpu.Class || e.Item1 == GoodGpu.Class);

        // A new campaign, new hosts (so reputation plays no part): a host with the bad class gets
        // no chunks, whatever its history; the same machine without its GPU (--gpu off), the other
        // driver's class and plain CPUs do.
        // (Other values: the same ones would complete from lineage without dispatching.)
        await grid.SubmitSumAsync([.. values.Select(v => v + 0.5)], chunk: 2);
        await grid.DutiesAsync();
        Assert.Empty(await RequestAsync(grid, await grid.RegisterAsync("new-bad-gpu"), [Cpu, BadGpu]));
        Assert.NotEmpty(await RequestAsync(grid, await grid.RegisterAsync("new-bad-gpu-off"), [Cpu]));
        Assert.NotEmpty(await RequestAsync(grid, await grid.RegisterAsync("new-good-gpu"), [Cpu, GoodGpu]));
        Assert.NotEmpty(await RequestAsync(grid, good[1], [Cpu]));
        var hosts = await grid.Get<HostQueries>().ListAsync(CancellationToken.None);
        Assert.Contains(hosts.Single(h => h.Name == "bad-gpu-1").DeviceClasses, c => c == $"{BadGpu.Class} [excluded: test.sum-chunk]");
        Assert.Contains(hosts.Single(h => h.Name == "good-gpu").DeviceClasses, c => c == GoodGpu.Class);
    }

    [Fact]
    public async Task Record_OneBadHostInAnOtherwiseHonestClass_ClassNotExcluded()
    {
        await using var grid = await TestGrid.StartAsync();
        var id = await grid.SubmitSumAsync([.. Enumerable.Range(1, 24).Select(i => (double)i)], chunk: 2);
        var hosts = new[] { await grid.RegisterAsync("saboteur"), await grid.RegisterAsync("h1"), await grid.RegisterAsync("h2") };

        var summary = await grid.RunUntilFinishedAsync(id, hosts, new HashSet<string> { "saboteur" });

        Assert.Equal(CampaignState.Completed, summary.State);
        Assert.Equal(0, await grid.CountAsync("SELECT COUNT(*) FROM device_class_kinds WHERE excluded_at IS NOT NULL"));
        Assert.True(await grid.CountAsync("SELECT COUNT(*) FROM device_class_kinds WHERE disagreed > 0") > 0, "disagreements were not recorded");
    }

    private static async Task<IReadOnlyList<DispatchedUnit>> RequestAsync(TestGrid grid, HostIdentity host, DeviceInfo[] devices) =>
        (await grid.Get<DispatchService>().RequestWorkAsync(host,
            new WorkRequest(new HostCapabilities(4, 8192, TestGrid.AllKinds, devices, 10_000), [], 1), CancellationToken.None)).Units;

    /// <summary>Runs the unit with the real kind; a host with a wrong device reports a result only it produces.</summary>
    private static async Task RunAndReportAsync(TestGrid grid, HostIdentity host, DispatchedUnit unit, DeviceInfo ran, bool wrong)
    {
        var store = grid.Get<FileStore>();
        var work = Path.Combine(grid.Directory, "agents", host.Name, unit.ResultId);
        var files = new DirectoryUnitFiles(unit.Inputs.ToDictionary(i => i.Name, i => store.PathOf(i.Sha256)), work);
        using var parameters = JsonDocument.Parse(unit.Parameters);
        await TestGrid.Kinds.Unit(unit.Kind).ExecuteAsync(parameters.RootElement, files, UnitExecutionContext.Default);
        var declarations = new List<OutputDeclaration>();
        foreach (var name in unit.Outputs)
        {
            var bytes = await File.ReadAllBytesAsync(files.OutputPath(name));
            if (wrong)
                bytes = Encoding.UTF8.GetBytes((host.Name.Length * 1000.5).ToString(CultureInfo.InvariantCulture) + host.Name[^1]);
            var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
            await grid.Get<ResultIntake>().UploadOutputAsync(host, unit.ResultId, name, sha, bytes.Length.ToString(CultureInfo.InvariantCulture), new MemoryStream(bytes), CancellationToken.None);
            declarations.Add(new OutputDeclaration(name, sha, bytes.Length));
        }
        await grid.Get<ResultIntake>().CompleteAsync(host, unit.ResultId, new ResultReport(declarations, ran, 0.1, 0.1, null), CancellationToken.None);
    }
}
