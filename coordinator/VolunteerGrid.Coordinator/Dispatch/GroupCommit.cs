using System.Collections.Concurrent;
using System.Data.Common;
using VolunteerGrid.Coordinator.Storage;

namespace VolunteerGrid.Coordinator.Dispatch;

/// <summary>
/// Group commit for the small write transactions agents cause (leases, uploads recorded, reports,
/// heartbeats): requests that arrive while a transaction is running are run together in the next
/// one, and all are answered after that single commit. Each keeps its own all-or-nothing outcome:
/// when one throws, the batch runs again with each piece in its own savepoint, so the one that
/// threw is rolled back alone (PostgreSQL always uses the savepoints). The batch pays one
/// BEGIN/COMMIT and writes each shared page to the log once.
/// </summary>
/// <remarks>
/// Nothing is held in memory past a commit: a caller is answered only once its work is durable, as
/// with <see cref="GridDatabase.WriteAsync{T}"/>, so a crash or a second coordinator on the same
/// database sees exactly what it would without batching. With one caller at a time there is no
/// batch and no savepoint: the work runs as its own transaction.
/// </remarks>
public sealed class GroupCommit(GridDatabase database)
{
    /// <summary>Bounds the time one commit keeps the others of its batch waiting.</summary>
    private const int MaxBatch = 64;

    private readonly ConcurrentQueue<Pending> _queue = new();
    private readonly SemaphoreSlim _leader = new(1, 1);

    // Set while this async flow runs a batch: work that asked for another group write would wait on
    // itself forever, so it fails at once instead.
    private readonly AsyncLocal<bool> _insideBatch = new();

    /// <summary>Runs <paramref name="work"/> in a write transaction, possibly together with others' work.</summary>
    public async Task<T> WriteAsync<T>(Func<DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_insideBatch.Value)
            throw new InvalidOperationException("A group write was started inside another one; use the transaction you were given.");
        var pending = new Pending<T>(work);
        _queue.Enqueue(pending);
        // Whoever holds the gate runs everything queued so far. Work once queued always runs (the
        // wait is not cancellable): a caller that gave up must not leave half a batch decided.
        await _leader.WaitAsync(CancellationToken.None);
        try
        {
            if (!pending.IsDone)
            {
                _insideBatch.Value = true;
                await RunBatchAsync();
            }
        }
        finally
        {
            _insideBatch.Value = false;
            _leader.Release();
        }
        return await pending.Result;
    }

    public Task WriteAsync(Func<DbTransaction, Task> work, CancellationToken cancellationToken = default) =>
        WriteAsync(async tx =>
        {
            await work(tx);
            return true;
        }, cancellationToken);

    private async Task RunBatchAsync()
    {
        var batch = new List<Pending>(Math.Min(_queue.Count, MaxBatch));
        while (batch.Count < MaxBatch && _queue.TryDequeue(out var next))
            batch.Add(next);
        try
        {
            if (batch.Count == 1)
            {
                // Alone: an exception rolls the whole transaction back, as without batching.
                await database.WriteAsync(async tx =>
                {
                    batch[0].Reset();
                    await batch[0].RunAsync(tx);
                    return true;
                });
            }
            else if (!database.Dialect.SingleWriter || !await TryRunWithoutSavepointsAsync(batch))
            {
                await RunWithSavepointsAsync(batch);
            }
        }
        catch (Exception e) when (batch.Count == 1)
        {
            batch[0].Fail(e);
        }
        catch (Exception e)
        {
            // The commit itself failed (after the database's own retries): nothing of the batch stands.
            foreach (var pending in batch)
                pending.Fail(e);
        }
        foreach (var pending in batch)
            pending.Publish();
    }

    /// <summary>
    /// Runs the batch as plain statements in one transaction: the common case, where no piece of
    /// work fails, then costs no SAVEPOINT/RELEASE pair per piece (two statements SQLite parses
    /// afresh each time). False, with the transaction rolled back, when one failed: the caller then
    /// runs the whole batch again in savepoints, and what that committed attempt produces is every
    /// caller's answer, as after any retry.
    /// </summary>
    /// <remarks>
    /// Only on SQLite, where a failed statement undoes itself and leaves the transaction usable. On
    /// PostgreSQL an error aborts the transaction, and work that caught an error of its own would
    /// leave a COMMIT that silently rolls back; there every piece keeps its savepoint.
    /// </remarks>
    private async Task<bool> TryRunWithoutSavepointsAsync(List<Pending> batch)
    {
        try
        {
            await database.WriteAsync(async tx =>
            {
                foreach (var pending in batch)
                {
                    pending.Reset();
                    try
                    {
                        await pending.RunAsync(tx);
                    }
                    catch (Exception e) when (!database.Dialect.IsTransient(e))
                    {
                        throw new SavepointsNeededException(e);
                    }
                }
                return true;
            });
            return true;
        }
        catch (SavepointsNeededException)
        {
            return false;
        }
    }

    /// <summary>Runs each piece of the batch in its own savepoint: one that throws is rolled back alone.</summary>
    private Task RunWithSavepointsAsync(List<Pending> batch) =>
        database.WriteAsync(async tx =>
        {
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Reset();
                var savepoint = "g" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await tx.SaveAsync(savepoint);
                try
                {
                    await batch[i].RunAsync(tx);
                }
                catch (Exception e) when (!database.Dialect.IsTransient(e))
                {
                    await tx.RollbackAsync(savepoint);
                    batch[i].Fail(e);
                }
                await tx.ReleaseAsync(savepoint);
            }
            return true;
        });

    /// <summary>A piece of an unprotected batch failed: the transaction must be rolled back and the batch run in savepoints.</summary>
    private sealed class SavepointsNeededException(Exception inner) : Exception("A piece of a group commit failed; running the batch again in savepoints.", inner);

    private abstract class Pending
    {
        public abstract bool IsDone { get; }

        public abstract void Reset();

        public abstract Task RunAsync(DbTransaction tx);

        public abstract void Fail(Exception e);

        /// <summary>Answers the caller with what the committed attempt produced.</summary>
        public abstract void Publish();
    }

    private sealed class Pending<T>(Func<DbTransaction, Task<T>> work) : Pending
    {
        private readonly TaskCompletionSource<T> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _value;
        private Exception? _error;

        public Task<T> Result => _answer.Task;

        public override bool IsDone => _answer.Task.IsCompleted;

        // A retried transaction runs every piece of work again from the start.
        public override void Reset()
        {
            _value = default;
            _error = null;
        }

        public override async Task RunAsync(DbTransaction tx) => _value = await work(tx);

        public override void Fail(Exception e) => _error = e;

        public override void Publish()
        {
            if (_error is not null)
                _answer.TrySetException(_error);
            else
                _answer.TrySetResult(_value!);
        }
    }
}
