using VolunteerGrid.Coordinator.Campaigns;

namespace VolunteerGrid.Tests.Coordinator;

/// <summary><see cref="CampaignQueries.LogsAsync"/> with a tail: the latest events only, still in order.</summary>
public sealed class CampaignLogTailTests
{
    [Fact]
    public async Task Logs_Tail_LatestEventsInOrderOfThisCampaignOnly()
    {
        await using var grid = await TestGrid.StartAsync();
        var campaign = await grid.SubmitSumAsync([1, 2], chunk: 2);
        var other = await grid.SubmitSumAsync([3, 4], chunk: 2);
        for (var i = 0; i < 6; i++)
        {
            await grid.ExecAsync("INSERT INTO events (campaign_id, at, level, message) VALUES (@c, 0, 'info', @m)", ("@c", campaign), ("@m", $"event {i}"));
            await grid.ExecAsync("INSERT INTO events (campaign_id, at, level, message) VALUES (@c, 0, 'info', @m)", ("@c", other), ("@m", $"other {i}"));
        }
        var queries = grid.Get<CampaignQueries>();

        var all = await queries.LogsAsync(TestGrid.Alice, campaign, CancellationToken.None);
        var latest = await queries.LogsAsync(TestGrid.Alice, campaign, CancellationToken.None, tail: 3);

        Assert.Equal(7, all.Count); // "submitted …" and six more
        Assert.Equal(all.TakeLast(3), latest);
        Assert.EndsWith("event 5", latest[^1], StringComparison.Ordinal);
        Assert.Equal(all, await queries.LogsAsync(TestGrid.Alice, campaign, CancellationToken.None, tail: 100));
    }
}
