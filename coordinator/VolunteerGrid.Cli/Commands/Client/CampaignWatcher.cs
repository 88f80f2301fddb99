using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Cli.Commands.Client;

/// <summary>
/// Follows a campaign until it ends by polling its summary (the coordinator's SSE stream polls the
/// database at the same 1 s cadence, so polling costs no freshness and survives proxies that buffer
/// event streams). On a terminal it draws one Spectre.Console bar per stage; otherwise it prints a line
/// whenever the counts change, then a summary line.
/// </summary>
public sealed class CampaignWatcher(CoordinatorClient client, TextWriter output, TimeSpan? interval = null)
{
    /// <summary>Consecutive failed polls (coordinator restarting, briefly overloaded) tolerated before the watch gives up.</summary>
    public const int MaxMissedPolls = 8;

    /// <summary>How many of the campaign's latest events a stall notice shows.</summary>
    public const int StallEvents = 5;

    private readonly TimeSpan _interval = interval ?? TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// After this long without a change in the counts, the plain watch prints the campaign's latest
    /// events once (a unit waiting for a host, replicas that disagree, hosts reporting errors), so a
    /// campaign that stalls says why in the same output.
    /// </summary>
    public TimeSpan StallNotice { get; init; } = TimeSpan.FromSeconds(30);

    public static bool IsFinal(CampaignState state) => state is CampaignState.Completed or CampaignState.Failed or CampaignState.Cancelled;

    /// <summary>Returns the campaign's final summary.</summary>
    public Task<CampaignSummary> WatchAsync(string id, bool interactive, CancellationToken ct) =>
        interactive ? WatchInteractiveAsync(id, ct) : WatchPlainAsync(id, ct);

    private async Task<CampaignSummary> WatchPlainAsync(string id, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        string? last = null;
        var lastChange = TimeSpan.Zero;
        var stallNoticed = false;
        while (true)
        {
            var summary = await PollAsync(id, ct);
            var line = Describe(summary, clock.Elapsed);
            var key = string.Join(";", summary.Stages.Select(s => $"{s.Stage}:{s.Pending}/{s.InProgress}/{s.Validating}/{s.Done}/{s.Failed}")) + summary.State;
            if (key != last)
            {
                await output.WriteLineAsync(line);
                last = key;
                lastChange = clock.Elapsed;
                stallNoticed = false;
            }
            else if (!stallNoticed && !IsFinal(summary.State) && clock.Elapsed - lastChange >= StallNotice)
            {
                stallNoticed = true;
                await output.WriteLineAsync(await StallTextAsync(id, clock.Elapsed - lastChange, ct));
            }
            if (IsFinal(summary.State))
            {
                await output.WriteLineAsync(FinalLine(summary, clock.Elapsed));
                return summary;
            }
            await Task.Delay(_interval, ct);
        }
    }

    private async Task<CampaignSummary> WatchInteractiveAsync(string id, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        CampaignSummary summary = await PollAsync(id, ct);
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var bars = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                while (true)
                {
                    foreach (var stage in summary.Stages)
                    {
                        if (!bars.TryGetValue(stage.Stage, out var bar))
                            bars[stage.Stage] = bar = context.AddTask(stage.Stage, maxValue: Math.Max(1, stage.Total));
                        bar.MaxValue = Math.Max(1, stage.Total);
                        bar.Value = stage.Done;
                        bar.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                            $"{stage.Stage}  pending {stage.Pending} · running {stage.InProgress} · validating {stage.Validating} · done {stage.Done} · failed {stage.Failed}"));
                    }
                    if (IsFinal(summary.State))
                        return;
                    await Task.Delay(_interval, ct);
                    summary = await PollAsync(id, ct);
                }
            });
        // Spectre leaves the last frame drawn; a summary line makes the outcome unmistakable (STACK.md).
        await output.WriteLineAsync(FinalLine(summary, clock.Elapsed));
        return summary;
    }

    /// <summary>
    /// The campaign's summary; a coordinator that is unreachable or does not answer is asked again,
    /// waiting a little longer each time, so one missed poll does not end a long watch.
    /// </summary>
    private async Task<CampaignSummary> PollAsync(string id, CancellationToken ct)
    {
        for (var missed = 1; ; missed++)
        {
            try
            {
                return await client.GetAsync(id, ct);
            }
            catch (CliException e) when (e.ExitCode == ExitCodes.Unavailable && missed < MaxMissedPolls)
            {
                await Task.Delay(_interval * missed, ct);
            }
        }
    }

    private async Task<string> StallTextAsync(string id, TimeSpan quiet, CancellationToken ct)
    {
        var head = string.Create(CultureInfo.InvariantCulture, $"no change for {quiet.TotalSeconds:F0} s");
        try
        {
            var events = await client.LogsAsync(id, ct, StallEvents);
            return events.Count == 0
                ? $"{head}; the campaign has no events yet"
                : $"{head}; its latest events:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", events);
        }
        catch (CliException e)
        {
            return $"{head} (its events could not be read: {e.Message})";
        }
    }

    public static string Describe(CampaignSummary c, TimeSpan elapsed)
    {
        var stages = string.Join(" | ", c.Stages.Select(s =>
            $"{s.Stage}: pending {s.Pending}, in progress {s.InProgress}, validating {s.Validating}, done {s.Done}, failed {s.Failed}"));
        int done = c.Stages.Sum(s => s.Done), total = c.Stages.Sum(s => s.Total);
        // ETA from this watcher's own observation: units done per second of wall time so far.
        var rate = elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;
        var eta = rate > 0 && total > done ? string.Create(CultureInfo.InvariantCulture, $", ETA {(total - done) / rate:F0} s") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"[{elapsed.TotalSeconds,6:F1} s] {c.Id} {c.State}: {done}/{total} units, {c.ResultsPerSecond:F2} results/s{eta} — {stages}");
    }

    public static string FinalLine(CampaignSummary c, TimeSpan elapsed)
    {
        int done = c.Stages.Sum(s => s.Done), failed = c.Stages.Sum(s => s.Failed), total = c.Stages.Sum(s => s.Total);
        return string.Create(CultureInfo.InvariantCulture,
            $"campaign {c.Id} {c.State.ToString().ToLowerInvariant()}: {done}/{total} units done, {failed} failed, {elapsed.TotalSeconds:F1} s{(c.FailureReason is null ? "" : $"; {c.FailureReason}")}");
    }
}
