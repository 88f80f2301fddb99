using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using VolunteerGrid.Coordinator.Storage;

namespace VolunteerGrid.Tests.Coordinator;

/// <summary>
/// The writer connection keeps its hot statements prepared. SQLite silently compiles a statement
/// again when a bound value can change its plan (a bound LIMIT, since 3.47): that cost 5x the lease
/// query itself, so these tests read SQLite's own counters to see that nothing on the lease and
/// report path is compiled again per call.
/// </summary>
public sealed partial class PreparedStatementTests
{
    // sqlite3_stmt_status counters (https://www.sqlite.org/c3ref/c_stmtstatus_counter.html).
    private const int StatusReprepare = 5;
    private const int StatusRun = 6;

    [Fact]
    public async Task RoundTrips_ManyHosts_WriterStatementsAreNotPreparedAgain()
    {
        await using var grid = await TestGrid.StartAsync();
        await grid.SubmitSumAsync([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], chunk: 2);
        var hosts = new List<VolunteerGrid.Coordinator.Security.HostIdentity>();
        for (var i = 0; i < 8; i++)
            hosts.Add(await grid.RegisterAsync($"h{i}"));
        var database = grid.Get<GridDatabase>();
        // Counting starts after start-up: migrations change the schema, which rightly recompiles
        // the statements prepared before each change.
        await database.WriteAsync(tx => Task.FromResult(Statements((SqliteConnection)tx.Connection!, reset: true)));

        foreach (var host in hosts)
        {
            foreach (var unit in await grid.RequestAsync(host))
                await grid.ExecuteAndReportAsync(host, unit);
        }
        var statements = await database.WriteAsync(tx => Task.FromResult(Statements((SqliteConnection)tx.Connection!, reset: false)));

        var leaseRuns = statements.Where(s => s.Sql.Contains("WITH c AS", StringComparison.Ordinal)).Sum(s => s.Runs);
        Assert.Equal(hosts.Count, leaseRuns);
        var recompiled = statements.Where(s => s.Reprepares > 0).Select(s => $"{s.Reprepares}/{s.Runs}: {s.Sql}").ToList();
        Assert.True(recompiled.Count == 0, "statements prepared again on their runs: " + string.Join(" | ", recompiled));
    }

    /// <summary>Every statement open on the connection, with SQLite's run and re-prepare counts (set back to zero after reading with <paramref name="reset"/>).</summary>
    private static List<(string Sql, int Runs, int Reprepares)> Statements(SqliteConnection connection, bool reset)
    {
        // Straight to the native library: SQLitePCL's own sqlite3_next_stmt only sees statements
        // prepared after it was enabled on the connection, which the coordinator does not do.
        var db = connection.Handle!.DangerousGetHandle();
        var found = new List<(string, int, int)>();
        for (var stmt = NextStatement(db, IntPtr.Zero); stmt != IntPtr.Zero; stmt = NextStatement(db, stmt))
        {
            found.Add((Marshal.PtrToStringUTF8(SqlOf(stmt)) ?? "", StatementStatus(stmt, StatusRun, reset ? 1 : 0), StatementStatus(stmt, StatusReprepare, reset ? 1 : 0)));
        }
        return found;
    }

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_next_stmt")]
    private static partial IntPtr NextStatement(IntPtr db, IntPtr statement);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_sql")]
    private static partial IntPtr SqlOf(IntPtr statement);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_stmt_status")]
    private static partial int StatementStatus(IntPtr statement, int counter, int reset);
}
