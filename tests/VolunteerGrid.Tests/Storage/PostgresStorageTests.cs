using VolunteerGrid.Coordinator.Hosting;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Tests.Coordinator;

namespace VolunteerGrid.Tests.Storage;

/// <summary>
/// The storage suite on PostgreSQL (server from <c>VGRID_TEST_POSTGRES</c>, a fresh schema per
/// test), plus what only PostgreSQL has: the pool, row leasing, connection-string validation.
/// </summary>
public sealed class PostgresStorageTests() : StorageTests(TestEngine.Postgres)
{
    [Fact]
    public async Task Open_PostgresDatabase_WritesAtReadCommittedWithRowLeasing()
    {
        await using var grid = await TestGrid.StartAsync(Engine);
        var database = grid.Get<GridDatabase>();

        var isolation = await database.WriteAsync(tx => tx.ScalarAsync<string>("SHOW transaction_isolation"));

        Assert.Equal("read committed", isolation);
        Assert.IsType<PostgresDialect>(database.Dialect);
        Assert.Equal("FOR UPDATE SKIP LOCKED", database.Dialect.RowLeaseClause);
        Assert.False(database.Dialect.SingleWriter);
    }

    [Fact]
    public async Task Write_ConcurrentTransactions_RunOnSeparatePooledConnections()
    {
        await using var grid = await TestGrid.StartAsync(Engine);
        var database = grid.Get<GridDatabase>();
        var bothInside = new TaskCompletionSource();
        var inside = 0;

        // Each transaction waits until the other has started: only possible without a single writer.
        async Task<int> HoldAsync(string duty) => await database.WriteAsync(async tx =>
        {
            await tx.ExecAsync("INSERT INTO duty_leases (duty, holder, expires_at) VALUES (@d, 'h', 1)", ("@d", duty));
            if (Interlocked.Increment(ref inside) == 2)
                bothInside.SetResult();
            await bothInside.Task.WaitAsync(TimeSpan.FromSeconds(10));
            return await tx.ScalarAsync<int>("SELECT pg_backend_pid()");
        });
        var pids = await Task.WhenAll(HoldAsync("a"), HoldAsync("b"));

        Assert.NotEqual(pids[0], pids[1]);
        Assert.Equal(2, await grid.CountAsync("SELECT COUNT(*) FROM duty_leases"));
    }

    [Theory]
    [InlineData("Host=localhost;Bogus=1;Database=vgrid", "malformed")] // unknown keyword
    [InlineData("Host=localhost;Port=notanumber;Database=vgrid", "malformed")] // bad value
    [InlineData("Username=vgrid;Database=vgrid", "no Host")]
    [InlineData("Host=localhost;Username=vgrid", "no Database")]
    public void Create_MalformedConnectionString_FailsWithOneLineNamingTheProblem(string connectionString, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => new CoordinatorOptions
        {
            DataDirectory = "unused",
            Database = DatabaseEngine.Postgres,
            ConnectionString = connectionString,
        }.CreateDialect());

        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
