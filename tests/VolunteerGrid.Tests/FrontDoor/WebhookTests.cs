using System.Net;
using System.Text.Json;
using VolunteerGrid.Coordinator;
using VolunteerGrid.Coordinator.Campaigns;
using VolunteerGrid.Coordinator.Hosting;
using VolunteerGrid.Coordinator.Notifications;
using VolunteerGrid.Shared.Protocol.Grid;
using VolunteerGrid.Tests.Contract;
using VolunteerGrid.Tests.Coordinator;

namespace VolunteerGrid.Tests.FrontDoor;

/// <summary>Campaign webhooks: delivered by the duty loop to a real HTTP listener, retried with backoff on a fake clock.</summary>
[Trait("Category", "Integration")]
public sealed class WebhookTests
{
    [Fact]
    public async Task Webhook_CampaignCompletes_ListenerReceivesJsonNotice()
    {
        using var receiver = new WebhookReceiver(HttpStatusCode.OK);
        await using var grid = await StartAsync();
        var id = await SubmitAsync(grid, receiver.Url);

        var summary = await grid.RunUntilFinishedAsync(id, [await grid.RegisterAsync("a"), await grid.RegisterAsync("b")]);

        Assert.Equal(CampaignState.Completed, summary.State);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/hooks/grid?token=secret-123", request.PathAndQuery);
        Assert.StartsWith("application/json", request.ContentType);
        Assert.Equal(id, request.DeliveryId);
        using var notice = JsonDocument.Parse(request.Body);
        Assert.Equal(id, notice.RootElement.GetProperty("campaignId").GetString());
        Assert.Equal("test.sum", notice.RootElement.GetProperty("kind").GetString());
        Assert.Equal("Completed", notice.RootElement.GetProperty("state").GetString());
        Assert.Equal(grid.Time.GetUtcNow(), notice.RootElement.GetProperty("finishedAt").GetDateTimeOffset());
        var products = await grid.Get<CampaignQueries>().ProductsAsync(TestGrid.Alice, id, CancellationToken.None);
        var sent = notice.RootElement.GetProperty("products").EnumerateArray().Select(p => (p.GetProperty("name").GetString(), p.GetProperty("sha256").GetString())).ToList();
        Assert.Equal(products.Select(p => ((string?)p.Name, (string?)p.Sha256)), sent);
        Assert.Contains("total.json", sent.Select(p => p.Item1));
        var logs = await grid.Get<CampaignQueries>().LogsAsync(TestGrid.Alice, id, CancellationToken.None);
        Assert.Contains(logs, l => l.Contains("webhook delivered to http://127.0.0.1", StringComparison.Ordinal) && l.Contains("(attempt 1)", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains("secret-123", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Webhook_CampaignFails_NoticeSaysFailedWithReason()
    {
        using var receiver = new WebhookReceiver(HttpStatusCode.NoContent);
        await using var grid = await StartAsync();
        var id = await SubmitAsync(grid, receiver.Url, new QuorumPolicy(MinQuorum: 2, TargetResults: 2, MaxTotalResults: 2, MaxErrorResults: 1));

        var summary = await grid.RunUntilFinishedAsync(id, [await grid.RegisterAsync("honest"), await grid.RegisterAsync("bad")], new HashSet<string> { "bad" });

        Assert.Equal(CampaignState.Failed, summary.State);
        using var notice = JsonDocument.Parse(Assert.Single(receiver.Requests).Body);
        Assert.Equal("Failed", notice.RootElement.GetProperty("state").GetString());
        Assert.Contains("no agreement", notice.RootElement.GetProperty("failureReason").GetString());
        Assert.Empty(notice.RootElement.GetProperty("products").EnumerateArray());
    }

    [Fact]
    public async Task Webhook_ReceiverFailsTwice_DeliveredOnThirdAttemptAfterBackoff()
    {
        using var receiver = new WebhookReceiver(HttpStatusCode.InternalServerError, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        await using var grid = await StartAsync();
        var id = await SubmitAsync(grid, receiver.Url);
        await grid.RunUntilFinishedAsync(id, [await grid.RegisterAsync("a"), await grid.RegisterAsync("b")]);
        Assert.Single(receiver.Requests);

        // Not before the backoff has passed: 10 s after the first failure, then 20 s after the second.
        grid.Time.Advance(WebhookPolicy.DelayAfter(1) - TimeSpan.FromSeconds(1));
        await grid.DutiesAsync();
        Assert.Single(receiver.Requests);
        grid.Time.Advance(TimeSpan.FromSeconds(1));
        await grid.DutiesAsync();
        Assert.Equal(2, receiver.Requests.Count);
        grid.Time.Advance(WebhookPolicy.DelayAfter(2));
        await grid.DutiesAsync();

        Assert.Equal(3, receiver.Requests.Count);
        var (state, attempts) = await DeliveryAsync(grid, id);
        Assert.Equal(WebhookDeliveryState.Delivered, state);
        Assert.Equal(3, attempts);
        var logs = await grid.Get<CampaignQueries>().LogsAsync(TestGrid.Alice, id, CancellationToken.None);
        Assert.Contains(logs, l => l.Contains("attempt 1 of 6: HTTP 500", StringComparison.Ordinal) && l.Contains("retrying in 10 s", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains("attempt 2 of 6: HTTP 503", StringComparison.Ordinal) && l.Contains("retrying in 20 s", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains("webhook delivered", StringComparison.Ordinal) && l.Contains("(attempt 3)", StringComparison.Ordinal));

        grid.Time.Advance(TimeSpan.FromHours(1));
        await grid.DutiesAsync();
        Assert.Equal(3, receiver.Requests.Count);
    }

    [Fact]
    public async Task Webhook_ReceiverAlwaysFails_StopsAfterMaxAttemptsAndLogsTheFailure()
    {
        using var receiver = new WebhookReceiver(HttpStatusCode.BadGateway);
        await using var grid = await StartAsync();
        var id = await SubmitAsync(grid, receiver.Url);
        await grid.RunUntilFinishedAsync(id, [await grid.RegisterAsync("a"), await grid.RegisterAsync("b")]);

        for (var attempt = 1; attempt < WebhookPolicy.MaxAttempts; attempt++)
        {
            grid.Time.Advance(WebhookPolicy.DelayAfter(attempt));
            await grid.DutiesAsync();
        }
        Assert.Equal(WebhookPolicy.MaxAttempts, receiver.Requests.Count);
        grid.Time.Advance(TimeSpan.FromDays(1));
        await grid.DutiesAsync();

        Assert.Equal(WebhookPolicy.MaxAttempts, receiver.Requests.Count);
        var (state, attempts) = await DeliveryAsync(grid, id);
        Assert.Equal(WebhookDeliveryState.GaveUp, state);
        Assert.Equal(WebhookPolicy.MaxAttempts, attempts);
        var logs = await grid.Get<CampaignQueries>().LogsAsync(TestGrid.Alice, id, CancellationToken.None);
        Assert.Contains(logs, l => l.Contains(" error webhook to http://127.0.0.1", StringComparison.Ordinal)
            && l.Contains("failed 6 times; giving up (last error: HTTP 502", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Webhook_CoordinatorRestartsWithNoticePending_DeliversAfterRestart()
    {
        using var receiver = new WebhookReceiver(HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        var directory = TestGrid.NewDirectory();
        var time = new FakeTimeProvider();
        try
        {
            string id;
            await using (var grid = await StartAsync(directory, time))
            {
                id = await SubmitAsync(grid, receiver.Url);
                await grid.RunUntilFinishedAsync(id, [await grid.RegisterAsync("a"), await grid.RegisterAsync("b")]);
            }
            Assert.Single(receiver.Requests);

            await using (var restarted = await StartAsync(directory, time))
            {
                time.Advance(WebhookPolicy.DelayAfter(1));
                await restarted.DutiesAsync();
                Assert.Equal(WebhookDeliveryState.Delivered, (await DeliveryAsync(restarted, id)).State);
            }
            Assert.Equal(2, receiver.Requests.Count);
            Assert.All(receiver.Requests, r => Assert.Equal(id, r.DeliveryId));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("ftp://example.org/hook")] // not HTTP
    [InlineData("/relative/hook")] // not absolute
    [InlineData("http://user:pw@example.org/hook")] // credentials belong in the receiver's token, not in user-info
    public async Task Submit_BadWebhookUrl_Is400NamingTheField(string url)
    {
        await using var grid = await StartAsync();
        var e = await Assert.ThrowsAsync<GridException>(() => SubmitAsync(grid, url));
        Assert.Equal(400, e.Status);
        Assert.StartsWith("webhook: ", e.Message);
        Assert.Equal(0, await grid.CountAsync("SELECT COUNT(*) FROM campaigns"));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook", "a loopback address")]
    [InlineData("http://localhost/hook", "a loopback address")]
    [InlineData("http://[::1]/hook", "a loopback address")]
    [InlineData("http://10.1.2.3/hook", "a private (RFC 1918) address")]
    [InlineData("https://192.168.0.10/hook", "a private (RFC 1918) address")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "a link-local address (cloud metadata services live there)")]
    [InlineData("http://[fd12::1]/hook", "a unique-local (private) IPv6 address")]
    public async Task Submit_WebhookToAnInternalAddressByDefault_Is400SayingHowToAllowIt(string url, string why)
    {
        await using var grid = await TestGrid.StartAsync();

        var e = await Assert.ThrowsAsync<GridException>(() => SubmitAsync(grid, url));

        Assert.Equal(400, e.Status);
        Assert.Contains($"is {why}; this coordinator only sends webhooks to public addresses", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("start it with --webhooks-to-private-networks.", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, await grid.CountAsync("SELECT COUNT(*) FROM campaigns"));
    }

    [Fact]
    public async Task Webhook_TargetTurnsInternalAfterSubmission_RefusedAtConnectTimeAndNothingSent()
    {
        // A name can pass the submission check and later resolve to an internal address (DNS
        // rebinding); the row is pointed at the receiver afterwards to play that part.
        using var receiver = new WebhookReceiver(HttpStatusCode.OK);
        await using var grid = await TestGrid.StartAsync();
        var id = await SubmitAsync(grid, "https://hooks.example.org/grid");
        await grid.ExecAsync("UPDATE campaign_webhooks SET url = @u", ("@u", receiver.Url));

        await grid.RunUntilFinishedAsync(id, [await grid.RegisterAsync("a"), await grid.RegisterAsync("b")]);

        Assert.Empty(receiver.Requests);
        var logs = await grid.Get<CampaignQueries>().LogsAsync(TestGrid.Alice, id, CancellationToken.None);
        Assert.Contains(logs, l => l.Contains("refused: 127.0.0.1 is 127.0.0.1, a loopback address", StringComparison.Ordinal)
            && l.Contains("(attempt 1 of 6", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2001:4860:4860::8888")]
    public void WhyInternal_PublicAddress_IsNull(string address) =>
        Assert.Null(WebhookTargetGuard.WhyInternal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("172.16.5.4", "a private (RFC 1918) address")]
    [InlineData("100.64.0.1", "a shared carrier-grade NAT (RFC 6598) address")]
    [InlineData("0.0.0.0", "the unspecified address")]
    [InlineData("::ffff:10.0.0.1", "a private (RFC 1918) address")]
    [InlineData("fe80::1", "a link-local address")]
    public void WhyInternal_InternalAddress_SaysWhich(string address, string why) =>
        Assert.Equal(why, WebhookTargetGuard.WhyInternal(IPAddress.Parse(address)));

    /// <summary>The receivers here listen on 127.0.0.1, which a coordinator reaches only when allowed.</summary>
    private static Task<TestGrid> StartAsync(string? directory = null, FakeTimeProvider? time = null) =>
        TestGrid.StartAsync(directory, time, options: d => new CoordinatorOptions { DataDirectory = d, RunBackgroundDuties = false, WebhooksToPrivateNetworks = true });

    private static async Task<string> SubmitAsync(TestGrid grid, string webhook, QuorumPolicy? quorum = null)
    {
        var sha = await grid.UploadAsync(JsonSerializer.SerializeToUtf8Bytes(new double[] { 1, 2, 3, 4 }));
        var request = new SubmitCampaignRequest("test.sum", new SumCampaignKind().ToJson(new SumCampaignParameters(2)),
            new Dictionary<string, string> { ["values.json"] = sha }, quorum, Webhook: webhook);
        return await grid.Get<CampaignSubmitter>().SubmitAsync(TestGrid.Alice, request, CancellationToken.None);
    }

    private static async Task<(WebhookDeliveryState State, int Attempts)> DeliveryAsync(TestGrid grid, string campaignId) =>
        (await grid.QueryAsync("SELECT state, attempts FROM campaign_webhooks WHERE campaign_id = @c",
            r => ((WebhookDeliveryState)r.GetInt32(0), r.GetInt32(1)), ("@c", campaignId))).Single();
}
