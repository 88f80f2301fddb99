using VolunteerGrid.Coordinator.Dispatch;
using VolunteerGrid.Coordinator.Security;
using VolunteerGrid.Coordinator.Validation;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Tests.Coordinator;

/// <summary>
/// A unit goes to each host once: on a small grid, errors can leave a unit that no active host may
/// take. The campaign's events say so, and a new host picks the unit up.
/// </summary>
public sealed class UnitWaitingForAHostTests
{
    private const string Waits = "needs another replica, but each of the";

    [Fact]
    public async Task ReplicaFails_EveryActiveHostHasHadOne_EventSaysItWaitsAndANewHostTakesIt()
    {
        await using var grid = await TestGrid.StartAsync();
        var (campaign, a, b, onB) = await TwoHostsHoldingTheOneUnitAsync(grid);

        await grid.Get<ResultIntake>().FailAsync(b, onB.ResultId, new ResultFailure("kernel crashed", false, null), CancellationToken.None);

        var warning = Assert.Single(await EventsAsync(grid, campaign, Waits));
        Assert.Contains("unit 'chunk/000000' needs another replica", warning, StringComparison.Ordinal);
        Assert.Contains("each of the 2 host(s) active in the last 10 min", warning, StringComparison.Ordinal);
        Assert.Empty(await grid.RequestAsync(a));
        Assert.Empty(await grid.RequestAsync(b));
        Assert.Equal(onB.UnitId, (await grid.RequestAsync(await grid.RegisterAsync("node-c"))).Single().UnitId);
    }

    [Fact]
    public async Task ReplicaFails_AnotherActiveHostMayTakeIt_NoWarning()
    {
        await using var grid = await TestGrid.StartAsync();
        var c = await grid.RegisterAsync("node-c");
        var (campaign, _, b, onB) = await TwoHostsHoldingTheOneUnitAsync(grid);

        await grid.Get<ResultIntake>().FailAsync(b, onB.ResultId, new ResultFailure("kernel crashed", false, null), CancellationToken.None);

        Assert.Empty(await EventsAsync(grid, campaign, Waits));
        Assert.Equal(onB.UnitId, (await grid.RequestAsync(c)).Single().UnitId);
    }

    [Fact]
    public async Task ReplicaFails_OtherHostsIdleForLongerThanTheActiveWindow_NoWarning()
    {
        await using var grid = await TestGrid.StartAsync();
        var (campaign, _, b, onB) = await TwoHostsHoldingTheOneUnitAsync(grid);
        grid.Time.Advance(TimeSpan.FromHours(1));

        // A grid at rest: nobody has asked for work lately, so the unit simply waits.
        await grid.Get<ResultIntake>().FailAsync(b, onB.ResultId, new ResultFailure("kernel crashed", false, null), CancellationToken.None);

        Assert.Empty(await EventsAsync(grid, campaign, Waits));
    }

    /// <summary>A one-unit campaign at quorum 2, its two replicas sent to node-a and node-b.</summary>
    private static async Task<(string Campaign, HostIdentity A, HostIdentity B, DispatchedUnit OnB)> TwoHostsHoldingTheOneUnitAsync(TestGrid grid)
    {
        var campaign = await grid.SubmitSumAsync([1, 2], chunk: 2);
        var a = await grid.RegisterAsync("node-a");
        var b = await grid.RegisterAsync("node-b");
        var onA = (await grid.RequestAsync(a)).Single();
        var onB = (await grid.RequestAsync(b)).Single();
        Assert.Equal(onA.UnitId, onB.UnitId);
        return (campaign, a, b, onB);
    }

    private static Task<List<string>> EventsAsync(TestGrid grid, string campaign, string containing) =>
        grid.QueryAsync("SELECT message FROM events WHERE campaign_id = @c AND level = 'warning' AND message LIKE @m",
            r => r.GetString(0), ("@c", campaign), ("@m", "%" + containing + "%"));
}
