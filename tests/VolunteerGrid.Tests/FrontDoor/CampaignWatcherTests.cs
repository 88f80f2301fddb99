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

    /// <summary>Answers 503 to the first requests, then the campaign, completed.</summary>
    private sealed class ScriptedCoordinator(int unavailableFirst) : HttpMessageHandler
    {
        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            if (Requests <= unavailableFirst)
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("database busy") });
            var summary = new CampaignSummary("c1", "denoise", null, "admin", false, CampaignState.Completed, 0, DateTimeOffset.UnixEpoch,
                DateTimeOffset.UnixEpoch, [new StageProgress("denoise.tile", 0, 0, 0, 4, 0)], 1.0, null);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(summary, GridJsonContext.Default.CampaignSummary)),
            });
        }
    }
}
