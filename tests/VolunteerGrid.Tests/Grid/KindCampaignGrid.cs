using VolunteerGrid.Tests.Cli;

namespace VolunteerGrid.Tests.Grid;

/// <summary>
/// Shared by <see cref="KindCampaignGridTests"/>: a coordinator and three agents (separate
/// processes) that campaigns of every science kind are submitted to through the <c>vgrid</c> client,
/// exactly as a scientist would (submit, watch, fetch).
/// </summary>
public sealed class KindCampaignGrid : IAsyncLifetime
{
    internal static readonly string[] AgentNames = ["agent-a", "agent-b", "agent-c"];

    internal GridScenario Grid { get; private set; } = null!;

    private string ApiKey => File.ReadAllText(Path.Combine(Grid.DataDirectory, "admin.key")).Trim();

    private string[] Connection => ["--coordinator", Grid.Coordinator.Url.ToString(), "--api-key", ApiKey];

    public async Task InitializeAsync()
    {
        Grid = await GridScenario.StartAsync();
        foreach (var name in AgentNames)
            Grid.StartAgent(name);
    }

    /// <summary><c>vgrid submit KIND ARGS --json</c>, <c>vgrid watch ID</c>, <c>vgrid fetch ID OUTDIR</c>; returns the campaign id.</summary>
    internal async Task<string> SubmitWatchFetchAsync(string outDirectory, params string[] submitArgs)
    {
        var id = await SubmitAsync(Grid.Coordinator.Url, ApiKey, submitArgs);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var watch = CliRunner.RunAsync(["watch", id, .. Connection]);
        var finished = await Task.WhenAny(watch, Task.Delay(Timeout.Infinite, timeout.Token).ContinueWith(_ => { }, TaskScheduler.Default));
        Assert.True(finished == watch, $"campaign {id} did not finish in 120 s\n{Grid.Diagnostics()}");
        var (watchCode, watchOut, watchErr) = await watch;
        Assert.True(watchCode == 0, $"vgrid watch {id} exited {watchCode}: {watchOut}\n{watchErr}\n{Grid.Diagnostics()}");

        var (fetchCode, _, fetchErr) = await CliRunner.RunAsync(["fetch", id, outDirectory, .. Connection]);
        Assert.True(fetchCode == 0, $"vgrid fetch {id} failed ({fetchCode}): {fetchErr}");
        return id;
    }

    /// <summary><c>vgrid submit ARGS --quorum 2 --json</c> against <paramref name="coordinator"/>; returns the campaign id it printed.</summary>
    internal static async Task<string> SubmitAsync(Uri coordinator, string apiKey, params string[] submitArgs)
    {
        var (code, stdout, err) = await CliRunner.RunAsync(["submit", .. submitArgs, "--quorum", "2", "--json", "--coordinator", coordinator.ToString(), "--api-key", apiKey]);
        Assert.True(code == 0, $"vgrid submit failed ({code}): {err}");
        using var submitted = System.Text.Json.JsonDocument.Parse(stdout.Trim());
        return submitted.RootElement.GetProperty("id").GetString()!;
    }

    public Task DisposeAsync()
    {
        Grid?.Dispose();
        return Task.CompletedTask;
    }
}
