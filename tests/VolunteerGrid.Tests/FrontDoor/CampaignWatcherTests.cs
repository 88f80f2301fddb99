using System.Net;
using System.Text.Json;
using VolunteerGrid.Cli;
using VolunteerGrid.Cli.Commands.Client;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Tests.FrontDoor;

/// <summary><see cref="CampaignWatcher"/> against a coordinator that misses some polls (restarting, overloaded).</summary>
public sealed class CampaignWatcherTests
{
    private static readonly Uri Coordinator = new("http://coordinator.test");

    [Fact]
    public async Task Watch_CoordinatorMissesAFewPolls_KeepsWatchingUntilTheCampaignEnds()
    {
        using var handler = new ScriptedCoordinator(unavailableFirst: 3);
        using var client = new CoordinatorClient(Coordinator, "key", handler);
        var output = new StringWriter();

        var final = await new CampaignWatcher(client, output, TimeSpan.FromMilliseconds(1)).WatchAsync("c1", interactive: false, CancellationToken.None);

        Assert.Equal(CampaignState.Completed, final.State);
        Assert.Equal(4, handler.Requests);
        Assert.Contains("campaign c1 completed", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_CoordinatorGone_GivesUpAfterTheAllowedMissesWithItsError()
    {
        using var handler = new ScriptedCoordinator(unavailableFirst: int.MaxValue);
        using var client = new CoordinatorClient(Coordinator, "key", handler);

        var error = await Assert.ThrowsAsync<CliException>(() =>
            new CampaignWatcher(client, TextWriter.Null, TimeSpan.FromMilliseconds(1)).WatchAsync("c1", interactive: false, CancellationToken.None));

        Assert.Equal(ExitCodes.Unavailable, error.ExitCode);
        Assert.Contains("503", error.Message, StringComparison.Ordinal);
        Assert.Equal(CampaignWatcher.MaxMissedPolls, handler.Requests);
    }

    [Fact]
    public async Task Watch_CountsStopChanging_PrintsTheLatestEventsOnceThenTheEnd()
    {
        using var handler = new ScriptedCoordinator(unavailableFirst: 0, runningPolls: 40);
        using var client = new CoordinatorClient(Coordinator, "key", handler);
        var output = new StringWriter();

        await new CampaignWatcher(client, output, TimeSpan.FromMilliseconds(5)) { StallNotice = TimeSpan.FromMilliseconds(50) }
            .WatchAsync("c1", interactive: false, CancellationToken.None);

        var text = output.ToString();
        Assert.Equal(1, Count(text, "no change for"));
        Assert.Contains("its latest events:", text, StringComparison.Ordinal);
        Assert.Contains("unit 'tile/00003': result of host laptop-7 rejected", text, StringComparison.Ordinal);
        Assert.DoesNotContain("event 0 ", text, StringComparison.Ordinal); // only the latest CampaignWatcher.StallEvents
        Assert.Contains("campaign c1 completed", text, StringComparison.Ordinal);
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    /// <summary>Answers 503 to the first requests, then the campaign running (unchanged) for a while, then completed.</summary>
    private sealed class ScriptedCoordinator(int unavailableFirst, int runningPolls = 0) : HttpMessageHandler
    {
        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/logs", StringComparison.Ordinal))
            {
                string[] events = [.. Enumerable.Range(0, 8).Select(i => $"2026-11-22T10:00:0{i}Z info event {i} of the campaign"),
                    "2026-11-22T10:00:09Z warning unit 'tile/00003': result of host laptop-7 rejected: pixel 12: 1.5 vs 2.5"];
                // As the coordinator: ?tail=N gives the latest N.
                var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri.Query);
                if (int.TryParse(query["tail"], System.Globalization.CultureInfo.InvariantCulture, out var tail))
                    events = events[^Math.Min(tail, events.Length)..];
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(JsonSerializer.Serialize(events)) });
            }
            Requests++;
            if (Requests <= unavailableFirst)
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("database busy") });
            var running = Requests <= unavailableFirst + runningPolls;
            var summary = new CampaignSummary("c1", "denoise", null, "admin", false, running ? CampaignState.Running : CampaignState.Completed, 0,
                DateTimeOffset.UnixEpoch, running ? null : DateTimeOffset.UnixEpoch,
                [running ? new StageProgress("denoise.tile", 1, 0, 0, 3, 0) : new StageProgress("denoise.tile", 0, 0, 0, 4, 0)], 1.0, null);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(summary, GridJsonContext.Default.CampaignSummary)),
            });
        }
    }
}
