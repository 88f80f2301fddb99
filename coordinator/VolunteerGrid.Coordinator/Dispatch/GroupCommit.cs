using System.Collections.Concurrent;
using System.Data.Common;
using VolunteerGrid.Coordinator.Storage;

namespace VolunteerGrid.Coordinator.Dispatch;

/// <summary>
/// Group commit for the small write transactions agents cause (leases, uploads recorded, reports,
/// heartbeats): requests that arrive while a transaction is running are run together in the next
/// one, each inside its own savepoint, and all are answered after that single commit. Each keeps
/// its own all-or-nothing outcome (one that throws is rolled back to its savepoint alone), but the
/// batch pays one BEGIN/COMMIT and writes each shared page to the log once.
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
            await database.WriteAsync(async tx =>
            {
                if (batch.Count == 1)
                {
                    // Alone: an exception rolls the whole transaction back, as without batching.
                    batch[0].Reset();
                    await batch[0].RunAsync(tx);
                    return true;
                }
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
            foreach (var pending in batch)
                pending.Publish();
            return;
        }
        foreach (var pending in batch)
            pending.Publish();
    }

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
