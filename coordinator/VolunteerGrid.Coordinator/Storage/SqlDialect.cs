using System.Data.Common;

namespace VolunteerGrid.Coordinator.Storage;

/// <summary>
/// What differs between the SQL engines the coordinator can run on. Everything else (schema,
/// queries) is written once in portable SQL: <c>ON CONFLICT</c>, <c>@name</c> parameters, integer
/// epoch-millisecond times, integer booleans.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>Engine name as given on the command line (<c>--db</c>).</summary>
    public abstract string Name { get; }

    /// <summary>Column definition of an auto-numbered 64-bit primary key (used by migrations).</summary>
    public abstract string AutoIncrementPrimaryKey { get; }

    /// <summary>Column type of raw bytes (used by migrations): BLOB on SQLite, BYTEA on PostgreSQL.</summary>
    public abstract string BlobType { get; }

    /// <summary>
    /// Appended to the dispatch candidate query so two coordinators never lease the same row: empty on
    /// SQLite (whose write transactions are already serialised by <c>BEGIN IMMEDIATE</c>),
    /// <c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL.
    /// </summary>
    public abstract string RowLeaseClause { get; }

    /// <summary>
    /// Appended to a read whose answer decides a later write in the same transaction (read, decide,
    /// write): empty on SQLite (one writer at a time), <c>FOR UPDATE</c> on PostgreSQL so a
    /// concurrent transaction cannot change the row between the read and the write.
    /// </summary>
    public abstract string RowLockClause { get; }

    /// <summary>
    /// A statement that serialises schema migrations between coordinators starting at once on one
    /// database (held until the migration transaction ends); null when the engine needs none.
    /// </summary>
    public virtual string? MigrationLockStatement => null;

    /// <summary>Opens a connection configured for this engine.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Begins a transaction that takes the write lock up front, so read-then-write cannot deadlock.</summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Whether an exception means "the database is busy, try the transaction again".</summary>
    public abstract bool IsTransient(Exception exception);

    /// <summary>
    /// Whether the engine admits one writer at a time (SQLite): the coordinator then queues its write
    /// transactions in-process on one connection rather than letting connections contend for the lock.
    /// </summary>
    public virtual bool SingleWriter => false;

    /// <summary>
    /// Whether several coordinator processes may share this database (PostgreSQL). Duty leases then
    /// name each process, not its data folder, and a lease of a vanished process expires.
    /// </summary>
    public virtual bool SharedByReplicas => false;

    /// <summary>Fills a migration's placeholders (<c>{autoincrement_pk}</c>, <c>{blob}</c>) with this engine's types.</summary>
    public string Expand(string migrationSql) => migrationSql
        .Replace("{autoincrement_pk}", AutoIncrementPrimaryKey, StringComparison.Ordinal)
        .Replace("{blob}", BlobType, StringComparison.Ordinal);

    /// <summary>One-time engine set-up before migrations (e.g. SQLite's WAL mode).</summary>
    public virtual Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
