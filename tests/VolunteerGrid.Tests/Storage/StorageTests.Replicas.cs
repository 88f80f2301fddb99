using VolunteerGrid.Coordinator;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Shared.Protocol.Grid;
using VolunteerGrid.Tests.Coordinator;

namespace VolunteerGrid.Tests.Storage;

// Two coordinators on one database (replicas): their services share nothing but the database
// (and, for these tests, the DATA folder, as replicas on a shared mount would).
public abstract partial class StorageTests
{
    private static readonly double[] Values = [.. Enumerable.Range(1, 40).Select(i => (double)i)];

    [Fact]
    public async Task Dispatch_ManyHostsAtOnceOnTwoCoordinators_EachReplicaToADistinctHostAndNoUnitOverIssued()
    {
        await using var first = await TestGrid.StartAsync(Engine);
        await using var second = await TestGrid.StartAsync(first.Directory, first.Time, database: first.Database);
        var id = await first.SubmitSumAsync(Values, chunk: 2, new QuorumPolicy(2, 2, 6, 3));
        var hosts = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => first.RegisterAsync($"h{i:D2}")));

        // Every host asks twice at once, alternately through either coordinator.
        var leased = await Task.WhenAll(hosts.SelectMany((h, i) => new[] { (h, i: i), (h, i: i + 1) })
            .Select(p => (p.i % 2 == 0 ? first : second).RequestAsync(p.h, maxUnits: 2)));

        // SKIP LOCKED may answer "nothing now" while another transaction leases the last open
        // rows: as agents do, the hosts ask again until a whole round gets nothing.
        var all = leased.SelectMany(u => u).ToList();
        for (var round = 0; round < 10; round++)
        {
            var more = (await Task.WhenAll(hosts.Select((h, i) => (i % 2 == 0 ? second : first).RequestAsync(h, maxUnits: 2)))).SelectMany(u => u).ToList();
            if (more.Count == 0)
                break;
            all.AddRange(more);
        }
        Assert.Equal(20 * 2, all.Count); // 20 ready chunk units, each to exactly its target of 2 hosts
        Assert.Equal(0, await first.CountAsync("""
            SELECT COUNT(*) FROM (SELECT unit_id, host_id FROM results GROUP BY unit_id, host_id HAVING COUNT(*) > 1) d
            """));
        Assert.Equal(0, await first.CountAsync("""
            SELECT COUNT(*) FROM units u WHERE u.campaign_id = @c
              AND (u.needed < 0 OR u.total_results <> (SELECT COUNT(*) FROM results r WHERE r.unit_id = u.id))
            """, ("@c", id)));
        Assert.Equal(40, await first.CountAsync("SELECT COUNT(*) FROM results"));
    }

    [Fact]
    public async Task Dispatch_HostsOfThreeAccountsAtOnceOnTwoCoordinators_NeverTwoReplicasOfAUnitToOneAccount()
    {
        await using var first = await TestGrid.StartAsync(Engine);
        await using var second = await TestGrid.StartAsync(first.Directory, first.Time, database: first.Database);
        await first.SubmitSumAsync(Values, chunk: 4, new QuorumPolicy(2, 2, 4, 3));
        var hosts = await Task.WhenAll(Enumerable.Range(0, 18).Select(i => first.RegisterAsync($"h{i:D2}", account: $"volunteer-{i % 3}")));

        var leased = await Task.WhenAll(hosts.Select((h, i) => (i % 2 == 0 ? first : second).RequestAsync(h, maxUnits: 2)));

        Assert.NotEmpty(leased.SelectMany(u => u));
        Assert.Equal(0, await first.CountAsync("""
            SELECT COUNT(*) FROM (SELECT unit_id, account FROM results GROUP BY unit_id, account HAVING COUNT(*) > 1) d
            """));
    }

    [Fact]
    public async Task Results_SecondReplicaOfAUnitForOneAccount_RefusedByTheDatabaseItself()
    {
        await using var grid = await TestGrid.StartAsync(Engine);
        await grid.SubmitSumAsync(Values, chunk: 40, new QuorumPolicy(2, 2, 3, 3));
        var leaser = await grid.RegisterAsync("h1", account: "volunteer");
        var sibling = await grid.RegisterAsync("h2", account: "volunteer");
        var unit = (await grid.RequestAsync(leaser)).Single();

        // What a lease racing past the NOT EXISTS check would write.
        var e = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => grid.ExecAsync("""
            INSERT INTO results (id, unit_id, host_id, account, state, sent_at, deadline) VALUES ('racer', @u, @h, 'volunteer', 0, 0, 0)
            """, ("@u", unit.UnitId), ("@h", sibling.HostId)));

        Assert.Equal(Engine == TestEngine.Postgres, grid.Get<GridDatabase>().Dialect.IsTransient(e));
        Assert.Equal(1, await grid.CountAsync("SELECT COUNT(*) FROM results"));
    }

    [Fact]
    public async Task Report_SameResultTwiceThroughTwoCoordinators_IsCountedOnce()
    {
        await using var first = await TestGrid.StartAsync(Engine);
        await using var second = await TestGrid.StartAsync(first.Directory, first.Time, database: first.Database);
        await first.SubmitSumAsync(Values, chunk: 40, new QuorumPolicy(1, 1, 3, 3));
        var host = await first.RegisterAsync("h1");
        var unit = (await first.RequestAsync(host)).Single();
        await first.ExecuteAndReportAsync(host, unit);

        // A retry after a lost response, through the other replica: refused, nothing doubled.
        var retry = await Assert.ThrowsAsync<GridException>(() => second.ExecuteAndReportAsync(host, unit));

        Assert.Equal(409, retry.Status);
        Assert.Equal(1, await first.CountAsync("SELECT COUNT(*) FROM result_outputs WHERE result_id = @r", ("@r", unit.ResultId)));
        Assert.Equal(1, await first.CountAsync("SELECT COUNT(*) FROM results WHERE state = @s", ("@s", ResultState.Reported)));
        Assert.Equal(1, await first.CountAsync("SELECT validation_generation FROM units WHERE id = @u", ("@u", unit.UnitId)));
    }

    [Fact]
    public async Task Campaign_HostsSpreadOverTwoCoordinators_CompletesOnceWithTheRightTotal()
    {
        await using var first = await TestGrid.StartAsync(Engine);
        await using var second = await TestGrid.StartAsync(first.Directory, first.Time, database: first.Database);
        var id = await first.SubmitSumAsync(Values, chunk: 8);
        var hosts = new[] { await first.RegisterAsync("h1"), await first.RegisterAsync("h2"), await first.RegisterAsync("h3"), await first.RegisterAsync("h4") };

        for (var round = 0; round < 20 && (await first.SummaryAsync(id)).State == CampaignState.Running; round++)
        {
            await Task.WhenAll(hosts.Select(async (h, i) =>
            {
                var via = i % 2 == 0 ? first : second;
                foreach (var unit in await via.RequestAsync(h))
                    await via.ExecuteAndReportAsync(h, unit);
            }));
            // Both coordinators run their duties at once; the leases let one do each.
            await Task.WhenAll(first.DutiesAsync(), second.DutiesAsync());
        }
        await Task.WhenAll(first.DutiesAsync(), second.DutiesAsync());

        Assert.Equal(CampaignState.Completed, (await second.SummaryAsync(id)).State);
        Assert.Equal(Values.Sum(), await second.ProductTotalAsync(id));
        Assert.Equal(1, await first.CountAsync("SELECT COUNT(*) FROM products WHERE campaign_id = @c", ("@c", id)));
        Assert.Equal(0, await first.CountAsync("""
            SELECT COUNT(*) FROM (SELECT unit_id FROM results WHERE state = @v GROUP BY unit_id HAVING COUNT(*) <> 2) d
            """, ("@v", ResultState.Valid)));
    }
}
