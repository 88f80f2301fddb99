using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace VolunteerGrid.Coordinator.Storage;

/// <summary>SQLite (embedded default): WAL, a busy timeout and enforced foreign keys on every connection.</summary>
/// <remarks>
/// Durability: in WAL mode a commit is appended to the WAL file before COMMIT returns, so with
/// <c>synchronous=NORMAL</c> a killed process (kill -9) loses no committed transaction; only an OS
/// crash or power cut can lose the last commits before the next checkpoint (the database stays
/// consistent either way). <paramref name="synchronousFull"/> adds an fsync per commit to survive
/// those too, at one disk flush (≈ 9 ms on the reference VM disk) per write transaction.
/// See https://www.sqlite.org/pragma.html#pragma_synchronous and https://www.sqlite.org/wal.html.
/// </remarks>
public sealed class SqliteDialect(string databasePath, bool synchronousFull = false) : SqlDialect
{
    private const int BusyTimeoutMs = 10_000;

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = BusyTimeoutMs / 1000,
    }.ToString();

    public string DatabasePath { get; } = databasePath;

    public override string Name => "sqlite";

    public override string AutoIncrementPrimaryKey => "INTEGER PRIMARY KEY AUTOINCREMENT";

    public override string BlobType => "BLOB";

    public override string RowLeaseClause => "";

    public override string RowLockClause => "";

    public override bool SingleWriter => true;

    public override async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // WAL is persistent in the file: set once. Readers never block the single writer.
        command.CommandText = "PRAGMA journal_mode=WAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // synchronous=NORMAL in WAL mode survives a killed process (kill -9) without losing a
        // committed transaction; only an OS crash or power cut may lose the last commits (see remarks).
        command.CommandText = synchronousFull
            ? $"PRAGMA foreign_keys=ON; PRAGMA busy_timeout={BusyTimeoutMs}; PRAGMA synchronous=FULL;"
            : $"PRAGMA foreign_keys=ON; PRAGMA busy_timeout={BusyTimeoutMs}; PRAGMA synchronous=NORMAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // Microsoft.Data.Sqlite issues BEGIN IMMEDIATE for a non-deferred transaction: the write
        // lock is taken at BEGIN, so concurrent dispatchers queue instead of failing at COMMIT.
        var sqlite = (SqliteConnection)connection;
        return await Task.FromResult<DbTransaction>(sqlite.BeginTransaction(deferred: false));
    }

    /// <summary>
    /// Copies committed log pages into the database file without waiting for readers or the writer
    /// (<c>PASSIVE</c>): what <see cref="WalCheckpointer"/> runs beside the writer.
    /// </summary>
    public async Task CheckpointAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override bool IsTransient(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 5 or 6 }; // SQLITE_BUSY, SQLITE_LOCKED
}
