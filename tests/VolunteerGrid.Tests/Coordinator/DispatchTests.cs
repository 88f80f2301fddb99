using VolunteerGrid.Coordinator;
using VolunteerGrid.Coordinator.Dispatch;
using VolunteerGrid.Coordinator.Hosting;
using VolunteerGrid.Coordinator.Validation;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Tests.Coordinator;

public sealed class DispatchTests
{
    private static readonly double[] Values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    private static readonly QuorumPolicy AdaptiveQuorum = new(AdaptiveReplication: true);

    [Fact]
    public async Task RequestWork_QuorumTwo_SendsReplicasOfAUnitToDistinctHostsOnly()
    {
        await using var grid = await TestGrid.StartAsync(options: d => new CoordinatorOptions { DataDirectory = d, RunBackgroundDuties = false, InitialInProgressQuota = 8 });
        await grid.SubmitSumAsync(Values, chunk: 4);
        var a = await grid.RegisterAsync("a");
        var b = await grid.RegisterAsync("b");

        var first = await grid.RequestAsync(a, maxUnits: 8);
        var second = await grid.RequestAsync(a, maxUnits: 8);
        var forB = await grid.RequestAsync(b, maxUnits: 8);

        Assert.Equal(3, first.Count); // the three chunks are ready; the total waits for them
        Assert.Equal(3, first.Select(u => u.UnitId).Distinct().Count());
        Assert.Empty(second);
        Assert.Equal(first.Select(u => u.UnitId).Order(), forB.Select(u => u.UnitId).Order());
        Assert.Empty(await grid.RequestAsync(await grid.RegisterAsync("c"), maxUnits: 8)); // target of 2 replicas reached
    }

    [Fact]
    public async Task RequestWork_SecondHostOfSameAccount_NeverGetsAnotherReplica()
    {
        await using var grid = await TestGrid.StartAsync();
        await grid.SubmitSumAsync([1, 2], chunk: 2);
        var laptop = await grid.RegisterAsync("laptop", account: "vera");
        var desktop = await grid.RegisterAsync("desktop", account: "vera");
        var other = await grid.RegisterAsync("other", account: "sam");

        Assert.Single(await grid.RequestAsync(laptop));
        Assert.Empty(await grid.RequestAsync(desktop));
        Assert.Single(await grid.RequestAsync(other));
    }

    [Fact]
    public async Task RequestWork_HostWithoutTheKind_GetsNothingAndARetryHint()
    {
        await using var grid = await TestGrid.StartAsync();
        await grid.SubmitSumAsync(Values);
        var host = await grid.RegisterAsync("h");

        var (units, retry) = await grid.Get<DispatchService>().RequestWorkAsync(host,
            TestGrid.Request(kinds: [new KindVersion("test.sum-chunk", 2)]), CancellationToken.None);

        Assert.Empty(units);
        Assert.True(retry > 0);
    }

    [Fact]
    public async Task DeadlineSweep_ReplicaPastItsDeadline_TimesOutAndUnitIsReissued()
    {
        await using var grid = await TestGrid.StartAsync();
        await grid.SubmitSumAsync([1, 2], chunk: 2, deadlineSeconds: 100);
        var hosts = new[] { await grid.RegisterAsync("a"), await grid.RegisterAsync("b"), await grid.RegisterAsync("c") };
        var lost = (await grid.RequestAsync(hosts[0])).Single();
        Assert.Single(await grid.RequestAsync(hosts[1]));
        Assert.Empty(await grid.RequestAsync(hosts[2]));
        Assert.Equal(grid.Time.GetUtcNow().AddSeconds(100), lost.Deadline);

        grid.Time.Advance(TimeSpan.FromSeconds(99));
        Assert.Equal(0, await grid.Get<DeadlineSweep>().RunOnceAsync(CancellationToken.None));
        grid.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, await grid.Get<DeadlineSweep>().RunOnceAsync(CancellationToken.None));

        var reissued = Assert.Single(await grid.RequestAsync(hosts[2]));
        Assert.Equal(lost.UnitId, reissued.UnitId);
        Assert.Equal(ResultState.TimedOut, (ResultState)await grid.CountAsync("SELECT state FROM results WHERE id = @r", ("@r", lost.ResultId)));
        var e = await Assert.ThrowsAsync<GridException>(() => grid.ExecuteAndReportAsync(hosts[0], lost));
        Assert.Equal(409, e.Status);
    }

    [Fact]
    public async Task RequestWork_InProgressQuota_LimitsUnitsHeldAndGrowsAfterValidResults()
    {
        await using var grid = await TestGrid.StartAsync(options: d => new CoordinatorOptions { DataDirectory = d, RunBackgroundDuties = false, InitialInProgressQuota = 1 });
        await grid.SubmitSumAsync(Values, chunk: 2, new QuorumPolicy(1, 1, 2, 2));
        var host = await grid.RegisterAsync("h");

        var first = await grid.RequestAsync(host, maxUnits: 4);
        Assert.Single(first);
        Assert.Empty(await grid.RequestAsync(host, maxUnits: 4));
        await grid.ExecuteAndReportAsync(host, first[0]);
        await grid.DutiesAsync();

        Assert.Equal(2, (await grid.RequestAsync(host, maxUnits: 4)).Count); // one valid result: quota 1 → 2
    }

    [Fact]
    public async Task FailResult_HostError_ShrinksQuotasResetsReliabilityAndReissues()
    {
        await using var grid = await TestGrid.StartAsync();
        await grid.SubmitSumAsync([1, 2], chunk: 2);
        var host = await grid.RegisterAsync("h");
        await grid.ExecAsync("UPDATE hosts SET consecutive_valid = 7, daily_quota = 40, max_in_progress = 4 WHERE id = @h", ("@h", host.HostId));
        var unit = (await grid.RequestAsync(host)).Single();

        await grid.Get<ResultIntake>().FailAsync(host, unit.ResultId, new ResultFailure("kernel crashed", false, null), CancellationToken.None);

        var row = (await grid.QueryAsync("SELECT consecutive_valid, daily_quota, max_in_progress, error_results FROM hosts WHERE id = @h",
            r => (r.GetInt32(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3)), ("@h", host.HostId)))[0];
        Assert.Equal((0, 20, 3, 1), row);
        Assert.Equal(2, await grid.CountAsync("SELECT needed FROM units WHERE id = @u", ("@u", unit.UnitId)));
    }

    [Fact]
    public async Task RequestWork_DailyQuotaUsedUp_GetsNothingUntilNextDay()
    {
        await using var grid = await TestGrid.StartAsync();
        await grid.SubmitSumAsync(Values, chunk: 1, new QuorumPolicy(1, 1, 2, 2));
        var host = await grid.RegisterAsync("h");
        await grid.ExecAsync("UPDATE hosts SET daily_quota = 1 WHERE id = @h", ("@h", host.HostId));

        var unit = (await grid.RequestAsync(host)).Single();
        await grid.ExecuteAndReportAsync(host, unit);
        var (none, retry) = await grid.Get<DispatchService>().RequestWorkAsync(host, TestGrid.Request(), CancellationToken.None);

        Assert.Empty(none);
        Assert.True(retry > 60, $"retry hint {retry}s should point at the next day");
        grid.Time.Advance(TimeSpan.FromDays(1));
        Assert.Single(await grid.RequestAsync(host));
    }

    [Fact]
    public async Task RequestWork_TrustedHostAdaptiveCampaign_GetsSingleReplicaUnitsExceptSpotChecks()
    {
        // SpotCheckRate 0 and 1 make the random draw irrelevant: both outcomes are pinned.
        await using var trusting = await TestGrid.StartAsync(options: d => new CoordinatorOptions { DataDirectory = d, RunBackgroundDuties = false, SpotCheckRate = 0 });
        await trusting.SubmitSumAsync([1, 2], chunk: 2, AdaptiveQuorum);
        var trusted = await trusting.RegisterAsync("trusted");
        await trusting.ExecAsync("UPDATE hosts SET consecutive_valid = 50 WHERE id = @h", ("@h", trusted.HostId));
        var unit = (await trusting.RequestAsync(trusted)).Single();
        Assert.Empty(await trusting.RequestAsync(await trusting.RegisterAsync("other")));
        Assert.Equal(1, await trusting.CountAsync("SELECT min_quorum FROM units WHERE id = @u", ("@u", unit.UnitId)));

        await using var checking = await TestGrid.StartAsync(options: d => new CoordinatorOptions { DataDirectory = d, RunBackgroundDuties = false, SpotCheckRate = 1 });
        await checking.SubmitSumAsync([1, 2], chunk: 2, AdaptiveQuorum);
        var checkedHost = await checking.RegisterAsync("trusted");
        await checking.ExecAsync("UPDATE hosts SET consecutive_valid = 50 WHERE id = @h", ("@h", checkedHost.HostId));
        Assert.Single(await checking.RequestAsync(checkedHost));
        Assert.Single(await checking.RequestAsync(await checking.RegisterAsync("other")));
    }

    [Fact]
    public async Task RequestWork_TrustedHostAdaptiveCampaignSeededSpotChecks_IsDeterministicForASeed()
    {
        async Task<long> SingleReplicaUnits(int seed)
        {
            await using var grid = await TestGrid.StartAsync(seed: seed, options: d => new CoordinatorOptions { DataDirectory = d, RunBackgroundDuties = false, SpotCheckRate = 0.5, InitialInProgressQuota = 32 });
            await grid.SubmitSumAsync([.. Enumerable.Range(0, 40).Select(i => (double)i)], chunk: 1, AdaptiveQuorum);
            var host = await grid.RegisterAsync("trusted");
            await grid.ExecAsync("UPDATE hosts SET consecutive_valid = 50 WHERE id = @h", ("@h", host.HostId));
            await grid.RequestAsync(host, maxUnits: 32);
            return await grid.CountAsync("SELECT COUNT(*) FROM units WHERE min_quorum = 1");
        }

        var once = await SingleReplicaUnits(7);
        Assert.Equal(once, await SingleReplicaUnits(7));
        Assert.InRange(once, 1, 31); // some single, some spot-checked
    }

    [Fact]
    public async Task RequestWork_HostCachingAnInput_GetsTheUnitThatUsesItFirst()
    {
        await using var grid = await TestGrid.StartAsync();
        await grid.SubmitSumAsync([1, 2], chunk: 2);
        var otherCampaign = await grid.SubmitSumAsync([5, 6, 7], chunk: 3);
        var cachedInput = (await grid.QueryAsync("SELECT DISTINCT i.sha256 FROM unit_inputs i JOIN units u ON u.id = i.unit_id WHERE u.campaign_id = @c AND i.sha256 IS NOT NULL",
            r => r.GetString(0), ("@c", otherCampaign))).Single();
        var host = await grid.RegisterAsync("h");

        var unit = (await grid.RequestAsync(host, cached: [cachedInput])).Single();

        Assert.Equal(otherCampaign, unit.CampaignId);
    }
}
