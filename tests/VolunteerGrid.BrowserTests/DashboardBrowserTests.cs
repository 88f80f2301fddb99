using Microsoft.Playwright;
using VolunteerGrid.Shared.Protocol.Grid;
using Xunit.Abstractions;

namespace VolunteerGrid.BrowserTests;

/// <summary>
/// The dashboard in real Chromium against a coordinator on Kestrel, with progress driven by
/// in-process simulated agents through the agent HTTP API while the page is open.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DashboardBrowserTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    /// <summary>Generous: SSE pushes within about a second, but CI machines are shared and slow.</summary>
    private const float WaitMs = 20_000;

    private DashboardServer _server = null!;

    public async Task InitializeAsync() => _server = await DashboardServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Dashboard_CampaignRunning_ProgressRisesWithoutReloadChartDrawsAndCancelWorks()
    {
        var alice = await _server.CreateScientistKeyAsync("alice");
        var id = await _server.SubmitSumAsync(alice, "alice-sum", count: 16, isPublic: false);
        using var agent = await SimulatedAgent.RegisterAsync(_server.Url, "volunteer-1", DashboardServer.Kinds, _server.Directory);
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1100 } });
        var page = await context.NewPageAsync();
        await LogInAsync(page, alice);

        var row = page.Locator($"tr[data-campaign-id='{id}']");
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = WaitMs });
        await Assertions.Expect(row.Locator(".state")).ToHaveTextAsync("Running");
        var progress = row.Locator(".progress");
        Assert.Equal("0", await progress.GetAttributeAsync("data-done"));
        Assert.Equal("9", await progress.GetAttributeAsync("data-total"));
        // A marker on the window survives only if the page is never reloaded.
        await page.EvaluateAsync("() => { window.__noReload = 'still here'; }");

        for (var i = 0; i < 3; i++)
            Assert.True(await agent.RunOneAsync(), "the coordinator had no unit for the agent");

        await page.WaitForFunctionAsync($"() => Number(document.querySelector(\"tr[data-campaign-id='{id}'] .progress\").dataset.done) >= 3", null,
            new PageWaitForFunctionOptions { Timeout = WaitMs });
        Assert.Equal("still here", await page.EvaluateAsync<string>("() => window.__noReload"));
        await Assertions.Expect(progress.Locator(".label")).ToHaveTextAsync("3/9 units");

        // The chart: 60 one-minute buckets, the last holding this minute's three results.
        var results = page.Locator("svg#throughput polyline.results");
        await page.WaitForFunctionAsync("() => Number(document.querySelector('svg#throughput polyline.results').dataset.max) > 0", null,
            new PageWaitForFunctionOptions { Timeout = WaitMs });
        var points = (await results.GetAttributeAsync("points"))!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(60, points.Length);
        Assert.NotEqual(points[0].Split(',')[1], points[^1].Split(',')[1]);
        await Assertions.Expect(page.Locator("#agreement")).Not.ToHaveTextAsync("–");
        await Assertions.Expect(page.Locator("#hosts tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#hosts tbody tr td").First).ToHaveTextAsync("volunteer-1");
        await ScreenshotAsync(page, "dashboard-running");

        var cancel = row.Locator("button.cancel");
        await cancel.ClickAsync();
        await Assertions.Expect(cancel).ToHaveTextAsync("Confirm cancel");
        await cancel.ClickAsync();
        await Assertions.Expect(row.Locator(".state")).ToHaveTextAsync("Cancelled", new() { Timeout = WaitMs });
        Assert.Equal(CampaignState.Cancelled, (await _server.SummaryAsync(alice, id)).State);
        await Assertions.Expect(row.Locator("button.cancel")).ToHaveCountAsync(0);
        Assert.Equal("still here", await page.EvaluateAsync<string>("() => window.__noReload"));
        await ScreenshotAsync(page, "dashboard-cancelled");
    }

    [Fact]
    public async Task Dashboard_AnotherScientist_SeesPublicCampaignsButNotPrivateOnes()
    {
        var alice = await _server.CreateScientistKeyAsync("alice");
        var bob = await _server.CreateScientistKeyAsync("bob");
        var secret = await _server.SubmitSumAsync(alice, "alice-private", count: 4, isPublic: false);
        var shared = await _server.SubmitSumAsync(alice, "alice-public", count: 4, isPublic: true);
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(_server.Url);
        await page.FillAsync("#api-key", "vgk_not-a-key");
        await page.ClickAsync("#login button[type=submit]");
        await Assertions.Expect(page.Locator("#login-error")).ToContainTextAsync("not known", new() { Timeout = WaitMs });
        Assert.True(await page.Locator("#main").IsHiddenAsync());

        await LogInAsync(page, bob);
        await Assertions.Expect(page.Locator($"tr[data-campaign-id='{shared}']")).ToBeVisibleAsync(new() { Timeout = WaitMs });
        await Assertions.Expect(page.Locator("#campaigns tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator($"tr[data-campaign-id='{secret}']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator($"tr[data-campaign-id='{shared}'] button.cancel")).ToHaveCountAsync(0);
        Assert.DoesNotContain("alice-private", await page.ContentAsync(), StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#who")).ToHaveTextAsync("bob (scientist)");
        await ScreenshotAsync(page, "dashboard-other-scientist");
    }

    [Fact]
    public async Task SubmitForm_InvalidParameters_ShowsTheServersMessageNamingTheField()
    {
        var alice = await _server.CreateScientistKeyAsync("alice");
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await LogInAsync(page, alice);

        await page.SelectOptionAsync("#submit-kind", "fof");
        await page.Locator("input[type=file][data-role=positions]").SetInputFilesAsync(new FilePayload
        {
            Name = "particles.f32",
            MimeType = "application/octet-stream",
            Buffer = new byte[24],
        });
        await page.FillAsync("[data-path='box']", "-5");
        await page.ClickAsync("#submit button[type=submit]");

        var status = page.Locator("#submit-status");
        await Assertions.Expect(status).ToHaveClassAsync("error", new() { Timeout = WaitMs });
        await Assertions.Expect(status).ToContainTextAsync("fof:");
        await Assertions.Expect(status).ToContainTextAsync("box", new() { IgnoreCase = true });
        await ScreenshotAsync(page, "dashboard-submit-error");
    }

    private async Task LogInAsync(IPage page, string apiKey)
    {
        if (page.Url != _server.Url + "/")
            await page.GotoAsync(_server.Url);
        await page.FillAsync("#api-key", apiKey);
        await page.ClickAsync("#login button[type=submit]");
        await Assertions.Expect(page.Locator("#main")).ToBeVisibleAsync(new() { Timeout = WaitMs });
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("live", new() { Timeout = WaitMs });
    }

    private async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(browser.ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
    }
}
