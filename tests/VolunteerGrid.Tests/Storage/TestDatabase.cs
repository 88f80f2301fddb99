using VolunteerGrid.Coordinator.Hosting;

namespace VolunteerGrid.Tests.Storage;

/// <summary>
/// A database for one test: SQLite lives in the test's DATA folder; PostgreSQL gets a fresh schema
/// of its own (<see cref="PostgresTestDatabase"/>), so tests stay independent.
/// </summary>
internal abstract class TestDatabase : IAsyncDisposable
{
    public abstract TestEngine Engine { get; }

    public static async Task<TestDatabase> CreateAsync(TestEngine engine) => engine switch
    {
        TestEngine.Sqlite => new SqliteTestDatabase(),
        TestEngine.Postgres => await PostgresTestDatabase.CreateAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(engine)),
    };

    /// <summary>Points coordinator options at this database.</summary>
    public abstract CoordinatorOptions Apply(CoordinatorOptions options);

    /// <summary>The <c>vgrid coordinator</c> arguments that select this database.</summary>
    public abstract IReadOnlyList<string> CoordinatorArguments { get; }

    public abstract ValueTask DisposeAsync();

    private sealed class SqliteTestDatabase : TestDatabase
    {
        public override TestEngine Engine => TestEngine.Sqlite;

        public override IReadOnlyList<string> CoordinatorArguments => [];

        public override CoordinatorOptions Apply(CoordinatorOptions options) => options with { Database = DatabaseEngine.Sqlite };

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
