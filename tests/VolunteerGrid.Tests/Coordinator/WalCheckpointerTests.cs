using System.Diagnostics;
using VolunteerGrid.Coordinator.Storage;

namespace VolunteerGrid.Tests.Coordinator;

/// <summary>SQLite's log is copied into the database file beside the writer, not only by its own commits.</summary>
public sealed class WalCheckpointerTests
{
    [Fact]
    public async Task WriteAsync_FewerPagesThanTheAutomaticCheckpoint_ReachTheDatabaseFileInTheBackground()
    {
        await using var grid = await TestGrid.StartAsync();
        var database = grid.Get<GridDatabase>();
        var path = Path.Combine(grid.Directory, "grid.db");
        var before = new FileInfo(path).Length;

        // ≈ 200 pages of 4 KiB: far below the 1,000 pages at which the writer's own commit would
        // checkpoint, so only the background checkpoint can put them in the database file.
        const int Rows = 50;
        var blob = new byte[16 * 1024];
        for (var i = 0; i < Rows; i++)
        {
            await database.WriteAsync(tx => tx.ExecAsync("INSERT INTO events (campaign_id, at, level, message) VALUES (NULL, @t, 'info', @m)",
                ("@t", i), ("@m", Convert.ToBase64String(blob))));
        }

        // Waits for the effect, with a bound: the checkpoint follows the commits within ≈ 50 ms.
        var waited = Stopwatch.StartNew();
        while (new FileInfo(path).Length < before + Rows * blob.Length && waited.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(20);
        Assert.True(new FileInfo(path).Length >= before + Rows * blob.Length,
            $"the database file grew from {before} to {new FileInfo(path).Length} bytes; the {Rows} rows stayed in the log");
        Assert.Equal(Rows, await grid.CountAsync("SELECT COUNT(*) FROM events WHERE level = 'info' AND length(message) > 20000"));
    }
}
