using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;

namespace VolunteerGrid.Coordinator.Storage;

/// <summary>
/// The coordinator's database: opens connections through the dialect and runs units of work as
/// single transactions, retrying those the engine reports as busy.
/// </summary>
/// <remarks>
/// On an engine with a single writer (SQLite) write transactions are queued in-process behind an
/// async gate and run on one long-lived connection whose prepared statements are cached. Letting
/// many connections race for SQLite's write lock instead makes the losers sleep in the busy
/// handler (milliseconds each), which caps throughput far below what the engine can commit.
/// Other processes (the CLI) still meet the busy timeout as before. SQLite's log is checkpointed
/// beside the writer (<see cref="WalCheckpointer"/>). On an engine with row locks
/// (PostgreSQL) every unit of work takes its own connection from the dialect's pool, so requests
/// run their transactions concurrently and several coordinator processes can share the database.
/// </remarks>
public sealed class GridDatabase(SqlDialect dialect, ILogger<GridDatabase>? logger = null) : IAsyncDisposable, IDisposable
{
    private const int MaxAttempts = 8;
    private const int MaxIdleReaders = 8;

    private readonly SemaphoreSlim _writeGate = new(1, 1);

    // Set while this async flow holds the write gate: a nested WriteAsync would otherwise wait on
    // itself forever, so it fails at once instead.
    private readonly AsyncLocal<bool> _insideWrite = new();
    private readonly ConcurrentBag<DbConnection> _idleReaders = [];
    private readonly WalCheckpointer? _checkpointer = dialect is SqliteDialect sqlite ? new WalCheckpointer(sqlite, logger) : null;
    private DbConnection? _writer;
    private volatile bool _disposed;

    public SqlDialect Dialect { get; } = dialect;

    /// <summary>Runs <paramref name="work"/> in one write transaction and commits it.</summary>
    public async Task<T> WriteAsync<T>(Func<DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return Dialect.SingleWriter
                    ? await WriteOnSharedConnectionAsync(work, cancellationToken)
                    : await WriteOnPooledConnectionAsync(work, cancellationToken);
            }
            catch (Exception e) when (attempt < MaxAttempts && Dialect.IsTransient(e))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5 << attempt), cancellationToken);
            }
        }
    }

    public Task WriteAsync(Func<DbTransaction, Task> work, CancellationToken cancellationToken = default) =>
        WriteAsync(async tx =>
        {
            await work(tx);
            return true;
        }, cancellationToken);

    /// <summary>Runs read-only queries on one connection (a consistent snapshot in WAL mode when in a transaction).</summary>
    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken = default)
    {
        if (!Dialect.SingleWriter)
        {
            // A pooling engine (Npgsql) already keeps connections open and prepares hot statements.
            await using var pooled = await Dialect.OpenAsync(cancellationToken);
            return await work(pooled);
        }
        // Idle read connections are kept open with their prepared statements: opening one (and
        // setting its pragmas) costs more than the point queries the hot paths run on it.
        if (!_idleReaders.TryTake(out var connection))
        {
            connection = await Dialect.OpenAsync(cancellationToken);
            Sql.CacheCommands(connection);
        }
        var keep = false;
        try
        {
            var result = await work(connection);
            keep = connection.State == ConnectionState.Open && !_disposed && _idleReaders.Count < MaxIdleReaders;
            return result;
        }
        finally
        {
            if (keep)
                _idleReaders.Add(connection);
            else
                await connection.DisposeAsync();
        }
    }

    private async Task<T> WriteOnPooledConnectionAsync<T>(Func<DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await Dialect.OpenAsync(cancellationToken);
        await using var transaction = await Dialect.BeginWriteAsync(connection, cancellationToken);
        var result = await work(transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private async Task<T> WriteOnSharedConnectionAsync<T>(Func<DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        if (_insideWrite.Value)
            throw new InvalidOperationException("A write transaction was started inside another one on the same database; pass the open transaction down instead.");
        await _writeGate.WaitAsync(cancellationToken);
        _insideWrite.Value = true;
        try
        {
            if (_writer is not { State: ConnectionState.Open })
            {
                if (_writer is not null)
                    await _writer.DisposeAsync();
                _writer = null;
                var connection = await Dialect.OpenAsync(cancellationToken);
                Sql.CacheCommands(connection);
                _writer = connection;
            }
            await using var transaction = await Dialect.BeginWriteAsync(_writer, cancellationToken);
            var result = await work(transaction);
            await transaction.CommitAsync(cancellationToken);
            _checkpointer?.Committed();
            return result;
        }
        finally
        {
            _insideWrite.Value = false;
            _writeGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        while (_idleReaders.TryTake(out var reader))
            await reader.DisposeAsync();
        await _writeGate.WaitAsync();
        try
        {
            if (_writer is not null)
                await _writer.DisposeAsync();
            _writer = null;
        }
        finally
        {
            _writeGate.Release();
        }
        if (_checkpointer is not null)
            await _checkpointer.DisposeAsync();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
