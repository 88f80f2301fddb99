using Npgsql;
using VolunteerGrid.Coordinator.Hosting;

namespace VolunteerGrid.Tests.Storage;

/// <summary>
/// A fresh schema on the PostgreSQL server named by <c>VGRID_TEST_POSTGRES</c>, dropped at dispose.
/// Without that variable the test fails (never skips) and says how to provide it.
/// </summary>
internal sealed class PostgresTestDatabase : TestDatabase
{
    public const string Variable = "VGRID_TEST_POSTGRES";

    private PostgresTestDatabase(string baseConnectionString, string schema)
    {
        BaseConnectionString = baseConnectionString;
        Schema = schema;
        ConnectionString = new NpgsqlConnectionStringBuilder(baseConnectionString) { SearchPath = schema }.ConnectionString;
    }

    public override TestEngine Engine => TestEngine.Postgres;

    public string BaseConnectionString { get; }

    public string Schema { get; }

    /// <summary>The server's connection string with <c>Search Path</c> set to this test's schema.</summary>
    public string ConnectionString { get; }

    public override IReadOnlyList<string> CoordinatorArguments => ["--db", "postgres", "--connection", ConnectionString];

    /// <summary>The server's connection string from <see cref="Variable"/>, or a failure that says how to set it.</summary>
    public static string RequireServer() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set, so the PostgreSQL half of the storage tests cannot run. .ci/run starts PostgreSQL 15 " +
                $"(pg_ctlcluster 15 main start), creates the role and database and exports {Variable}; to run them locally, see " +
                "README.md, Tests: e.g. export VGRID_TEST_POSTGRES=\"Host=localhost;Username=vgrid;Password=vgrid-test;Database=vgrid\".");

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var server = RequireServer();
        var schema = "t_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new PostgresTestDatabase(server, schema);
    }

    public override CoordinatorOptions Apply(CoordinatorOptions options) =>
        options with { Database = DatabaseEngine.Postgres, ConnectionString = ConnectionString, MaxPoolSize = 20 };

    /// <summary>Runs <paramref name="sql"/> on this test's schema outside any coordinator (checks "in the database").</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public override async ValueTask DisposeAsync()
    {
        // Pools opened by the coordinator under test still hold sessions on the schema: clear them first.
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(BaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
