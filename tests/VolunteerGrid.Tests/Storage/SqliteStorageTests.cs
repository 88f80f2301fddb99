using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Tests.Coordinator;

namespace VolunteerGrid.Tests.Storage;

/// <summary>The storage suite on SQLite, plus what only SQLite has (pragmas, the single in-process writer).</summary>
public sealed class SqliteStorageTests() : StorageTests(TestEngine.Sqlite)
{
    [Fact]
    public async Task Open_SqliteDatabase_UsesWalForeignKeysAndBusyTimeout()
    {
        await using var grid = await TestGrid.StartAsync(Engine);

        var (journal, foreignKeys, busy) = await grid.Get<GridDatabase>().ReadAsync(async c => (
            await c.ScalarAsync<string>("PRAGMA journal_mode"),
            await c.ScalarAsync<long>("PRAGMA foreign_keys"),
            await c.ScalarAsync<long>("PRAGMA busy_timeout")));

        Assert.Equal("wal", journal);
        Assert.Equal(1, foreignKeys);
        Assert.True(busy >= 1000);
    }

    [Fact]
    public async Task Write_NestedInsideAnotherWrite_FailsInsteadOfWaitingForever()
    {
        await using var grid = await TestGrid.StartAsync(Engine);
        var database = grid.Get<GridDatabase>();

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            database.WriteAsync(_ => database.WriteAsync(_ => Task.FromResult(1))));

        Assert.Contains("inside another one", e.Message);
        Assert.Equal(2, await database.WriteAsync(_ => Task.FromResult(2)));
    }
}
