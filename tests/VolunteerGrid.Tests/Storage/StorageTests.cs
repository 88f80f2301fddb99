using System.Data.Common;
using System.Security.Cryptography;
using VolunteerGrid.Coordinator.Duties;
using VolunteerGrid.Coordinator.Hosting;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Shared.Protocol.Grid;
using VolunteerGrid.Tests.Coordinator;

namespace VolunteerGrid.Tests.Storage;

/// <summary>
/// The storage layer's tests, run once per engine by <see cref="SqliteStorageTests"/> and
/// <see cref="PostgresStorageTests"/> (each PostgreSQL test on a fresh schema).
/// </summary>
public abstract partial class StorageTests(TestEngine engine)
{
    protected TestEngine Engine { get; } = engine;

    [Fact]
    public async Task Migrate_FreshDatabase_RecordsEverySchemaVersionOnce()
    {
        await using var grid = await TestGrid.StartAsync(Engine);

        Assert.Equal(Migrator.LatestVersion, await grid.CountAsync("SELECT MAX(version) FROM schema_version"));
        Assert.Equal(0, await Migrator.MigrateAsync(grid.Get<GridDatabase>(), grid.Time, CancellationToken.None));
        Assert.Equal(Migrations.All.Count, await grid.CountAsync("SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public async Task Migrate_TwoCoordinatorsStartingAtOnce_ApplyEachStepOnce()
    {
        await using var database = await TestDatabase.CreateAsync(Engine);
        var directory = TestGrid.NewDirectory();
        try
        {
            var options = database.Apply(new CoordinatorOptions { DataDirectory = directory });
            await using var first = new GridDatabase(options.CreateDialect());
            await using var second = new GridDatabase(options.CreateDialect());

            var applied = await Task.WhenAll(
                Migrator.MigrateAsync(first, TimeProvider.System, CancellationToken.None),
                Migrator.MigrateAsync(second, TimeProvider.System, CancellationToken.None));

            Assert.Equal(Migrations.All.Count, applied.Sum());
            Assert.Equal(Migrations.All.Count, await first.ReadAsync(c => c.ScalarAsync<long>("SELECT COUNT(*) FROM schema_version")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Insert_RowReferencingNoUnit_IsRejectedByForeignKey()
    {
        await using var grid = await TestGrid.StartAsync(Engine);

        await Assert.ThrowsAnyAsync<DbException>(() =>
            grid.ExecAsync("INSERT INTO unit_inputs (unit_id, name) VALUES ('no-such-unit', 'x')"));
        Assert.Equal(0, await grid.CountAsync("SELECT COUNT(*) FROM unit_inputs"));
    }

    [Fact]
    public async Task Write_FailingHalfway_CommitsNothing()
    {
        await using var grid = await TestGrid.StartAsync(Engine);
        var database = grid.Get<GridDatabase>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => database.WriteAsync(async tx =>
        {
            await tx.ExecAsync("INSERT INTO duty_leases (duty, holder, expires_at) VALUES ('d', 'h', 1)");
            throw new InvalidOperationException("halfway");
        }));

        Assert.Equal(0, await grid.CountAsync("SELECT COUNT(*) FROM duty_leases"));
    }

    [Theory]
    [InlineData(FileBackend.Disk)]
    [InlineData(FileBackend.Database)]
    public async Task Put_Content_StoresUnderItsSha256AndRecordsIt(FileBackend backend)
    {
        await using var grid = await TestGrid.StartAsync(Engine, options: d => Options(d, backend));
        var bytes = RandomNumberGenerator.GetBytes(100_000);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));

        var outcome = await grid.Get<FileStore>().PutAsync(new MemoryStream(bytes), bytes.Length, sha, bytes.Length, CancellationToken.None);

        Assert.Equal(new StoredFile(sha, bytes.Length), outcome.File);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(grid.Get<FileStore>().PathOf(sha)));
        Assert.Equal(bytes.Length, await grid.CountAsync("SELECT size FROM files WHERE sha256 = @h", ("@h", sha)));
        Assert.Equal(backend == FileBackend.Database ? 1 : 0, await grid.CountAsync("SELECT COUNT(*) FROM file_chunks WHERE sha256 = @h", ("@h", sha)));
    }

    [Theory]
    [InlineData(FileBackend.Disk, false, 10)] // declared size smaller than the body: rejected after size + 1 bytes
    [InlineData(FileBackend.Disk, true, 100)] // right size, wrong hash
    [InlineData(FileBackend.Database, false, 10)]
    [InlineData(FileBackend.Database, true, 100)]
    public async Task Put_ContentNotAsDeclared_StoresNothing(FileBackend backend, bool wrongHash, int declaredSize)
    {
        await using var grid = await TestGrid.StartAsync(Engine, options: d => Options(d, backend));
        var bytes = RandomNumberGenerator.GetBytes(100);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var declaredSha = wrongHash ? new string('0', 64) : sha;

        var outcome = await grid.Get<FileStore>().PutAsync(new MemoryStream(bytes), declaredSize, declaredSha, declaredSize, CancellationToken.None);

        Assert.Null(outcome.File);
        Assert.Equal(!wrongHash, outcome.IsTooLarge);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(grid.Directory, "files"), "*", SearchOption.AllDirectories));
        Assert.Equal(0, await grid.CountAsync("SELECT COUNT(*) FROM files"));
        Assert.Equal(0, await grid.CountAsync("SELECT COUNT(*) FROM file_chunks"));
        Assert.False(await grid.Get<FileStore>().ExistsAsync(sha, CancellationToken.None));
    }

    [Fact]
    public async Task DatabaseBackend_FileOfSeveralChunks_IsReadBackByAnotherCoordinatorWithAnEmptyCache()
    {
        await using var writer = await TestGrid.StartAsync(Engine, options: d => Options(d, FileBackend.Database));
        // Two and a half chunks: the last chunk is short, and a zero-byte file has one empty chunk.
        var bytes = RandomNumberGenerator.GetBytes(DatabaseFileBackend.ChunkSize * 5 / 2);
        var sha = await writer.UploadAsync(bytes);
        var emptySha = await writer.UploadAsync([]);
        Assert.Equal(3, await writer.CountAsync("SELECT COUNT(*) FROM file_chunks WHERE sha256 = @h", ("@h", sha)));

        // A second coordinator on the same database whose files folder (its cache) starts empty.
        var cache = Path.Combine(writer.Directory, "replica-cache");
        await using var reader = await TestGrid.StartAsync(writer.Directory,
            options: d => Options(d, FileBackend.Database) with { FilesRoot = cache }, database: writer.Database);
        var store = reader.Get<FileStore>();

        Assert.True(await store.ExistsAsync(sha, CancellationToken.None));
        var path = await store.LocalPathAsync(sha, CancellationToken.None);
        Assert.StartsWith(cache, path, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
        Assert.Empty(await File.ReadAllBytesAsync(store.PathOf(emptySha)));
        Assert.Equal(bytes.Length, await store.SizeAsync(sha, CancellationToken.None));
    }

    [Fact]
    public async Task DatabaseBackend_CachedCopyDeleted_IsFetchedAgainFromTheDatabase()
    {
        await using var grid = await TestGrid.StartAsync(Engine, options: d => Options(d, FileBackend.Database));
        var bytes = RandomNumberGenerator.GetBytes(3000);
        var sha = await grid.UploadAsync(bytes);
        var store = grid.Get<FileStore>();
        File.Delete(store.PathOf(sha));

        Assert.True(store.Exists(sha));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(store.PathOf(sha)));
        await Assert.ThrowsAsync<FileNotFoundException>(() => store.LocalPathAsync(new string('a', 64), CancellationToken.None));
    }

    [Fact]
    public async Task Start_LeftoverPartialUpload_IsRemovedAndNeverAddressable()
    {
        await using var database = await TestDatabase.CreateAsync(Engine);
        var directory = TestGrid.NewDirectory();
        try
        {
            await using (var first = await TestGrid.StartAsync(directory, database: database))
            {
                // What a kill -9 mid-upload leaves: bytes in incoming/, nothing under a hash.
                await File.WriteAllBytesAsync(Path.Combine(directory, "files", "incoming", "partial"), new byte[10]);
            }
            await using var second = await TestGrid.StartAsync(directory, database: database);
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(directory, "files"), "*", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task DutyLease_HeldByOneCoordinator_PassesToAnotherOnlyAfterExpiry()
    {
        await using var grid = await TestGrid.StartAsync(Engine);
        var options = grid.Get<CoordinatorOptions>();
        var database = grid.Get<GridDatabase>();
        var first = new DutyLeases(database, options with { DataDirectory = Directory.CreateDirectory(Path.Combine(grid.Directory, "a")).FullName }, grid.Time);
        var second = new DutyLeases(database, options with { DataDirectory = Directory.CreateDirectory(Path.Combine(grid.Directory, "b")).FullName }, grid.Time);

        Assert.NotEqual(first.Holder, second.Holder);
        Assert.True(await first.TryAcquireAsync("validation", CancellationToken.None));
        Assert.False(await second.TryAcquireAsync("validation", CancellationToken.None));
        grid.Time.Advance(options.DutyLeaseDuration / 2);
        Assert.True(await first.TryAcquireAsync("validation", CancellationToken.None)); // renewal
        grid.Time.Advance(options.DutyLeaseDuration * 0.9);
        Assert.False(await second.TryAcquireAsync("validation", CancellationToken.None));
        grid.Time.Advance(options.DutyLeaseDuration * 0.2); // the first holder died: no renewal

        Assert.True(await second.TryAcquireAsync("validation", CancellationToken.None));
        Assert.False(await first.TryAcquireAsync("validation", CancellationToken.None));
        Assert.Equal(second.Holder, (await second.HolderOfAsync("validation", CancellationToken.None))!.Value.Holder);
    }

    [Fact]
    public void Enums_PersistedValues_NeverChange()
    {
        Assert.Equal([0, 1, 2, 3, 4, 5], Enum.GetValues<UnitState>().Select(v => (int)v));
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], Enum.GetValues<ResultState>().Select(v => (int)v));
        Assert.Equal([0, 1, 2, 3, 4], Enum.GetValues<CampaignState>().Select(v => (int)v));
        Assert.Equal([0, 1], Enum.GetValues<DatabaseEngine>().Select(v => (int)v));
        Assert.Equal([0, 1], Enum.GetValues<FileBackend>().Select(v => (int)v));
    }

    private static CoordinatorOptions Options(string directory, FileBackend backend) =>
        new() { DataDirectory = directory, RunBackgroundDuties = false, Files = backend };
}
