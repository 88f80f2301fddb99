using System.Data.Common;

namespace VolunteerGrid.Coordinator.Storage;

/// <summary>
/// Copies SQLite's write-ahead log into the database file on a connection and thread of its own,
/// shortly after commits, so the single writer rarely has to.
/// </summary>
/// <remarks>
/// SQLite's automatic checkpoint runs inside the COMMIT that lets the log pass 1,000 pages: that
/// commit copies the pages and waits for two fsyncs (log and database) while every other write
/// queues behind it. A passive checkpoint may run beside the writer
/// (https://www.sqlite.org/wal.html#checkpointing); run here it does most of the copying and the
/// flushing on the other core. The writer keeps its automatic checkpoint as the backstop: it then
/// finds only the few pages committed since, and its complete checkpoint is what lets the next
/// transaction start the log file over. Durability is unchanged: commits are durable in the log
/// (<see cref="SqliteDialect"/>), and a checkpoint only moves committed pages.
/// </remarks>
internal sealed class WalCheckpointer(SqliteDialect dialect, ILogger? logger) : IAsyncDisposable
{
    /// <summary>
    /// How long commits gather before a checkpoint: a page changed by many of them (a hot index
    /// page) is copied once, and at hundreds of commits a second the two fsyncs of a checkpoint are
    /// paid per interval, not per commit.
    /// </summary>
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly SemaphoreSlim _committed = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private int _pending;
    private int _disposed;

    /// <summary>Notes a commit on the writer; starts the checkpoint loop on the first.</summary>
    public void Committed()
    {
        if (Volatile.Read(ref _disposed) != 0 || Interlocked.Exchange(ref _pending, 1) != 0)
            return;
        // Only the writer calls this (one transaction at a time), and the loop clears _pending only
        // after taking the previous wake-up: the semaphore never holds more than one.
        _loop ??= Task.Run(RunAsync);
        _committed.Release();
    }

    private async Task RunAsync()
    {
        DbConnection? connection = null;
        try
        {
            while (true)
            {
                await _committed.WaitAsync(_stop.Token);
                await Task.Delay(Interval, _stop.Token);
                Volatile.Write(ref _pending, 0);
                connection ??= await dialect.OpenAsync(_stop.Token);
                try
                {
                    await dialect.CheckpointAsync(connection, _stop.Token);
                }
                catch (Exception e) when (dialect.IsTransient(e))
                {
                    // Another process checkpoints right now: the next interval (or the writer) catches up.
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The writer's automatic checkpoint still keeps the log bounded; say why this one stopped.
            logger?.LogWarning(e, "Background WAL checkpoints stopped; the writer checkpoints on its own from now on");
        }
        finally
        {
            if (connection is not null)
                await connection.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await _stop.CancelAsync();
        if (_loop is not null)
            await _loop;
        _stop.Dispose();
        _committed.Dispose();
    }
}
