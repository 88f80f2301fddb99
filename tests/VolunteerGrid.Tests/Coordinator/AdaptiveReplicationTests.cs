using System.CommandLine;
using System.Text.Json;
using VolunteerGrid.Cli.Commands.Client;
using VolunteerGrid.Coordinator.Hosting;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Tests.Coordinator;

/// <summary>
/// Adaptive replication is a per-campaign opt-in: without it a quorum-2 campaign never accepts a
/// result from one host, however trusted; with it trusted hosts get single-replica units and the
/// random spot checks still replicate some.
/// </summary>
public sealed class AdaptiveReplicationTests
{
    private static readonly double[] Values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    // A spot-check rate of 0 would make every unit of a trusted host single-replica if the
    // campaign's opt-in were ignored.
    private static CoordinatorOptions NeverSpotCheck(string directory) =>
        new() { DataDirectory = directory, RunBackgroundDuties = false, SpotCheckRate = 0, InitialInProgressQuota = 16 };

    [Fact]
    public async Task RunCampaign_QuorumTwoWithoutOptInAndTrustedHosts_EveryCanonicalResultAgreedByTwoDistinctHosts()
    {
        await using var grid = await TestGrid.StartAsync(options: NeverSpotCheck);
        var id = await grid.SubmitSumAsync(Values, chunk: 1);
        var hosts = new[] { await grid.RegisterAsync("a"), await grid.RegisterAsync("b") };
        await grid.ExecAsync("UPDATE hosts SET consecutive_valid = 50");

        var summary = await grid.RunUntilFinishedAsync(id, hosts);

        Assert.Equal(CampaignState.Completed, summary.State);
        Assert.Equal(55.0, await grid.ProductTotalAsync(id));
        Assert.Equal(11, await grid.CountAsync("SELECT COUNT(*) FROM units WHERE campaign_id = @c AND state = @done AND reused = 0",
            ("@c", id), ("@done", UnitState.Done)));
        Assert.Equal(0, await grid.CountAsync("SELECT COUNT(*) FROM units WHERE min_quorum <> 2"));
        Assert.Equal(0, await grid.CountAsync("""
            SELECT COUNT(*) FROM units u WHERE u.campaign_id = @c AND
                (SELECT COUNT(DISTINCT r.host_id) FROM results r WHERE r.unit_id = u.id AND r.state = @valid) < 2
            """, ("@c", id), ("@valid", ResultState.Valid)));
    }

    [Fact]
    public async Task RequestWork_QuorumTwoWithoutOptIn_TrustedHostGetsReplicatedUnitsOnly()
    {
        await using var grid = await TestGrid.StartAsync(options: NeverSpotCheck);
        await grid.SubmitSumAsync(Values, chunk: 1, new QuorumPolicy(MinQuorum: 2, TargetResults: 2));
        var trusted = await grid.RegisterAsync("trusted");
        await grid.ExecAsync("UPDATE hosts SET consecutive_valid = 50 WHERE id = @h", ("@h", trusted.HostId));

        var units = await grid.RequestAsync(trusted, maxUnits: 16);
        var second = await grid.RequestAsync(await grid.RegisterAsync("other"), maxUnits: 16);

        Assert.Equal(10, units.Count);
        Assert.Equal(units.Select(u => u.UnitId).Order(), second.Select(u => u.UnitId).Order());
        Assert.Equal(0, await grid.CountAsync("SELECT COUNT(*) FROM units WHERE min_quorum <> 2 OR target_results <> 2"));
    }

    [Fact]
    public async Task RequestWork_OptInWithScriptedDraws_TrustedHostGetsSingleReplicaUnitsAndSpotChecksStayReplicated()
    {
        // Rate 0.1: draws below it are spot checks. Units are leased in seq order, one draw each.
        var random = new ScriptedRandom(0.05, 0.5, 0.5, 0.09, 0.5);
        await using var grid = await TestGrid.StartAsync(random: random,
            options: d => new CoordinatorOptions { DataDirectory = d, RunBackgroundDuties = false, SpotCheckRate = 0.1, InitialInProgressQuota = 16 });
        var id = await grid.SubmitSumAsync([1, 2, 3, 4, 5], chunk: 1, new QuorumPolicy(AdaptiveReplication: true));
        var trusted = await grid.RegisterAsync("trusted");
        var other = await grid.RegisterAsync("other");
        await grid.ExecAsync("UPDATE hosts SET consecutive_valid = 50 WHERE id = @h", ("@h", trusted.HostId));

        var units = await grid.RequestAsync(trusted, maxUnits: 16);
        var replicas = await grid.RequestAsync(other, maxUnits: 16);

        Assert.Equal(5, random.Used);
        Assert.Equal(5, units.Count);
        var quorums = await grid.QueryAsync("SELECT min_quorum FROM units WHERE campaign_id = @c AND state <> @blocked ORDER BY seq",
            r => r.GetInt32(0), ("@c", id), ("@blocked", UnitState.Blocked));
        Assert.Equal([2, 1, 1, 2, 1], quorums);
        var spotChecks = await grid.QueryAsync("SELECT r.spot_check FROM results r JOIN units u ON u.id = r.unit_id WHERE r.host_id = @h ORDER BY u.seq",
            r => r.GetInt32(0), ("@h", trusted.HostId));
        Assert.Equal([1, 0, 0, 1, 0], spotChecks);
        Assert.Equal(new[] { units[0].UnitId, units[3].UnitId }.Order(), replicas.Select(u => u.UnitId).Order());

        foreach (var unit in units)
            await grid.ExecuteAndReportAsync(trusted, unit);
        foreach (var unit in replicas)
            await grid.ExecuteAndReportAsync(other, unit);
        await grid.DutiesAsync();

        var validPerUnit = await grid.QueryAsync("""
            SELECT (SELECT COUNT(*) FROM results r WHERE r.unit_id = u.id AND r.state = @valid)
            FROM units u WHERE u.campaign_id = @c AND u.state = @done ORDER BY u.seq
            """, r => r.GetInt32(0), ("@c", id), ("@done", UnitState.Done), ("@valid", ResultState.Valid));
        Assert.Equal([2, 1, 1, 2, 1], validPerUnit);
    }

    [Fact]
    public async Task SubmitRequest_OldClientJsonWithoutTheField_KeepsAdaptiveReplicationOff()
    {
        const string OldClient = """{"kind":"test.sum","parameters":{},"inputs":{},"quorum":{"minQuorum":2,"targetResults":2,"maxTotalResults":6,"maxErrorResults":3}}""";
        const string NewClient = """{"kind":"test.sum","parameters":{},"inputs":{},"quorum":{"minQuorum":2,"adaptiveReplication":true}}""";

        var old = JsonSerializer.Deserialize(OldClient, GridJsonContext.Default.SubmitCampaignRequest)!;
        var opted = JsonSerializer.Deserialize(NewClient, GridJsonContext.Default.SubmitCampaignRequest)!;

        Assert.False(old.Quorum!.AdaptiveReplication);
        Assert.True(opted.Quorum!.AdaptiveReplication);
        Assert.Equal(2, opted.Quorum.TargetResults);
    }

    [Theory]
    [InlineData(new[] { "--quorum", "2" }, false)]
    [InlineData(new[] { "--quorum", "2", "--adaptive-replication" }, true)]
    public void SubmitOptionsPolicy_AdaptiveReplicationFlag_SetsTheOptIn(string[] args, bool expected)
    {
        var options = new SubmitOptions();
        var command = new RootCommand();
        options.AddTo(command);

        var policy = options.Policy(command.Parse(args));

        Assert.Equal(expected, policy.AdaptiveReplication);
        Assert.Equal(2, policy.MinQuorum);
    }
}
