using System.Buffers;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using VolunteerGrid.Coordinator.Campaigns;
using VolunteerGrid.Coordinator.Dispatch;
using VolunteerGrid.Coordinator.Duties;
using VolunteerGrid.Coordinator.Hosting;
using VolunteerGrid.Coordinator.Observability;
using VolunteerGrid.Coordinator.Security;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Coordinator.Validation;

/// <summary>
/// What agents send back for a replica: output uploads (only from the host the replica was sent to,
/// only up to the declared size and only with the declared hash), completion, failure and progress.
/// </summary>
public sealed class ResultIntake(
    GridDatabase database, GroupCommit commits, FileStore files, CoordinatorOptions options, TimeProvider time, GridMetrics metrics, DutySignal signal)
{
    private const int MaxLogChars = 64 * 1024;
    private const int UploadBufferBytes = 1 << 16;

    public async Task<StoredFile> UploadOutputAsync(HostIdentity host, string resultId, string name, string? sha256, string? size, Stream body, CancellationToken cancellationToken)
    {
        var assigned = await LoadAssignedAsync(host, resultId, cancellationToken);
        if (!assigned.Outputs.Contains(name, StringComparer.Ordinal))
            throw GridException.BadRequest($"output '{name}' is not an output of this unit; expected one of: {string.Join(", ", assigned.Outputs)}.");
        if (!FileStore.IsValidHash(sha256))
            throw GridException.BadRequest("sha256: declare the output's lower-case hex SHA-256 in the query (?sha256=…&size=…).");
        if (!long.TryParse(size, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var declaredSize))
            throw GridException.BadRequest("size: declare the output's size in bytes in the query (?sha256=…&size=…).");
        if (declaredSize > options.MaxUploadBytes)
            throw GridException.TooLarge($"size: {declaredSize} bytes exceeds the coordinator's limit of {options.MaxUploadBytes} bytes per output.");
        var declared = new StoredFile(sha256!, declaredSize);
        Task RecordOutput(DbTransaction tx) => tx.ExecAsync("""
            INSERT INTO result_outputs (result_id, name, sha256, size) VALUES (@r, @n, @h, @s)
            ON CONFLICT (result_id, name) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size
            """, ("@r", resultId), ("@n", name), ("@h", declared.Sha256), ("@s", declared.Size));
        if (declaredSize <= FileStore.InlineMaxBytes)
        {
            // Small outputs (the common case) are checked in memory and stored in the database in the
            // group-committed transaction that records the output: no file is created per upload.
            var small = await StoreSmallAsync(body, declared, RecordOutput, cancellationToken);
            if (small.File is null)
                throw small.IsTooLarge ? GridException.TooLarge(small.Error!) : GridException.BadRequest(small.Error!);
            metrics.AddBytesIn(declaredSize);
            return small.File;
        }
        // Agreeing replicas upload the same bytes: when the declared content is already stored, the
        // upload is only hashed to prove it, and no file is written.
        var outcome = await files.ExistsAsync(declared.Sha256, cancellationToken)
            ? await VerifyKnownContentAsync(body, declared, cancellationToken)
            : null;
        if (outcome is { File: not null })
        {
            await commits.WriteAsync(async tx =>
            {
                await tx.ExecAsync("INSERT INTO files (sha256, size, created_at) VALUES (@h, @s, @t) ON CONFLICT (sha256) DO NOTHING",
                    ("@h", declared.Sha256), ("@s", declared.Size), ("@t", time.GetUtcNow().ToUnixTimeMilliseconds()));
                await RecordOutput(tx);
                return true;
            }, cancellationToken);
        }
        // The file's row and the result's output row commit together: one transaction per upload.
        outcome ??= await files.PutAsync(body, declaredSize, declared.Sha256, declared.Size, RecordOutput, cancellationToken);
        if (outcome.File is null)
            throw outcome.IsTooLarge ? GridException.TooLarge(outcome.Error!) : GridException.BadRequest(outcome.Error!);
        metrics.AddBytesIn(declaredSize);
        return outcome.File;
    }

    /// <summary>
    /// Reads a small upload into memory (one byte past the declared size at most), checks its size
    /// and hash, and records its bytes and <paramref name="recordAlongside"/> in one group commit.
    /// </summary>
    private async Task<StoreOutcome> StoreSmallAsync(Stream body, StoredFile declared, Func<DbTransaction, Task> recordAlongside, CancellationToken cancellationToken)
    {
        var limit = (int)declared.Size + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(limit);
        try
        {
            var size = await body.ReadAtLeastAsync(buffer.AsMemory(0, limit), limit, throwOnEndOfStream: false, cancellationToken);
            if (size > declared.Size)
                return StoreOutcome.TooLarge(declared.Size);
            var actual = new StoredFile(Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, size))), size);
            if (actual != declared)
                return StoreOutcome.Mismatch(declared.Sha256, declared.Size, actual);
            var bytes = buffer.AsMemory(0, size);
            await commits.WriteAsync(async tx =>
            {
                await files.RecordInlineAsync(tx, declared, bytes);
                await recordAlongside(tx);
                return true;
            }, cancellationToken);
            return StoreOutcome.Stored(declared);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads an upload whose declared content is already stored; it must hash to exactly that content.</summary>
    private static async Task<StoreOutcome> VerifyKnownContentAsync(Stream body, StoredFile declared, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(UploadBufferBytes);
        try
        {
            long size = 0;
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(0, UploadBufferBytes), cancellationToken)) > 0)
            {
                size += read;
                if (size > declared.Size)
                    return StoreOutcome.TooLarge(declared.Size);
                hash.AppendData(buffer, 0, read);
            }
            var actual = new StoredFile(Convert.ToHexStringLower(hash.GetHashAndReset()), size);
            return actual == declared ? StoreOutcome.Stored(declared) : StoreOutcome.Mismatch(declared.Sha256, declared.Size, actual);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task CompleteAsync(HostIdentity host, string resultId, ResultReport report, CancellationToken cancellationToken)
    {
        if (report?.Outputs is null || report.Device is null)
            throw GridException.BadRequest("Send a JSON body with outputs (name, sha256, size of each) and device.");
        var assigned = await LoadAssignedAsync(host, resultId, cancellationToken);
        var declared = report.Outputs.Select(o => o?.Name).Order(StringComparer.Ordinal).ToArray();
        if (!declared.SequenceEqual(assigned.Outputs.Order(StringComparer.Ordinal), StringComparer.Ordinal))
            throw GridException.BadRequest($"outputs: report exactly the unit's outputs [{string.Join(", ", assigned.Outputs)}], not [{string.Join(", ", declared)}].");
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await commits.WriteAsync(async tx =>
        {
            var uploaded = await tx.QueryAsync("SELECT name, sha256, size FROM result_outputs WHERE result_id = @r",
                r => new OutputDeclaration(r.GetString(0), r.GetString(1), r.GetInt64(2)), ("@r", resultId));
            foreach (var output in report.Outputs)
            {
                var stored = uploaded.FirstOrDefault(u => u.Name == output.Name);
                if (stored is null)
                    throw GridException.BadRequest($"outputs.{output.Name}: not uploaded yet; PUT it to {GridRoutes.Format(GridRoutes.ResultOutput, ("resultId", resultId), ("name", output.Name))} first.");
                if (stored.Sha256 != output.Sha256 || stored.Size != output.Size)
                    throw GridException.BadRequest($"outputs.{output.Name}: reported {output.Sha256} ({output.Size} bytes) but uploaded {stored.Sha256} ({stored.Size} bytes).");
            }
            var changed = await tx.ExecAsync("""
                UPDATE results SET state = @reported, reported_at = @t, device_class = @dc, elapsed_seconds = @e, cpu_seconds = @c, log = @log, progress = 1
                WHERE id = @r AND state = @inprogress
                """,
                ("@reported", ResultState.Reported), ("@t", now), ("@dc", report.Device.Class), ("@e", report.ElapsedSeconds),
                ("@c", report.CpuSeconds), ("@log", Truncate(report.Log)), ("@r", resultId), ("@inprogress", ResultState.InProgress));
            if (changed == 0)
                throw GridException.Conflict("This result is no longer in progress (timed out, cancelled or already reported).");
            await tx.ExecAsync("UPDATE units SET validation_generation = validation_generation + 1 WHERE id = @u", ("@u", assigned.UnitId));
        }, cancellationToken);
        metrics.ResultReported();
        signal.Wake();
    }

    public async Task FailAsync(HostIdentity host, string resultId, ResultFailure failure, CancellationToken cancellationToken)
    {
        if (failure is null || string.IsNullOrWhiteSpace(failure.Reason))
            throw GridException.BadRequest("reason: say why the unit failed or was abandoned.");
        var assigned = await LoadAssignedAsync(host, resultId, cancellationToken);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var reason = Truncate(failure.Reason)!;
        await commits.WriteAsync(async tx =>
        {
            var changed = await tx.ExecAsync(
                "UPDATE results SET state = @s, reported_at = @t, reason = @why, log = @log WHERE id = @r AND state = @inprogress",
                ("@s", failure.Abandoned ? ResultState.Abandoned : ResultState.Error), ("@t", now), ("@why", reason),
                ("@log", Truncate(failure.Log)), ("@r", resultId), ("@inprogress", ResultState.InProgress));
            if (changed == 0)
                throw GridException.Conflict("This result is no longer in progress (timed out, cancelled or already reported).");
            var campaign = await tx.ScalarAsync<string>("SELECT campaign_id FROM units WHERE id = @u", ("@u", assigned.UnitId));
            if (failure.Abandoned)
            {
                // A host shutting down cleanly is not at fault: replace its replica without penalty.
                await GridEvents.WriteAsync(tx, campaign, GridEvents.Info, $"host {host.Name} abandoned a replica: {reason}", now);
                await UnitLifecycle.RequestReplicasAsync(tx, assigned.UnitId, 1, $"host {host.Name} abandoned it", now);
            }
            else
            {
                await GridEvents.WriteAsync(tx, campaign, GridEvents.Warning, $"host {host.Name} reported an error: {reason}", now);
                await HostReputation.OnErrorAsync(tx, host.HostId);
                await UnitLifecycle.RecordErrorAsync(tx, assigned.UnitId, $"host {host.Name}: {reason}", now);
            }
        }, cancellationToken);
        signal.Wake();
    }

    public async Task ProgressAsync(HostIdentity host, string resultId, ProgressReport progress, CancellationToken cancellationToken)
    {
        if (progress is null || !(progress.Fraction >= 0 && progress.Fraction <= 1))
            throw GridException.BadRequest("fraction: give the fraction done, between 0 and 1.");
        await LoadAssignedAsync(host, resultId, cancellationToken);
        await commits.WriteAsync(tx => tx.ExecAsync("UPDATE results SET progress = @p WHERE id = @r AND state = @s",
            ("@p", progress.Fraction), ("@r", resultId), ("@s", ResultState.InProgress)), cancellationToken);
    }

    private async Task<AssignedResult> LoadAssignedAsync(HostIdentity host, string resultId, CancellationToken cancellationToken)
    {
        var rows = await database.ReadAsync(c => c.QueryAsync(
            "SELECT r.host_id, r.state, r.unit_id, u.outputs FROM results r JOIN units u ON u.id = r.unit_id WHERE r.id = @r",
            r => (Host: r.GetString(0), State: (ResultState)r.GetInt32(1), Unit: r.GetString(2), Outputs: r.GetString(3)),
            ("@r", resultId)), cancellationToken);
        if (rows.Count == 0)
            throw GridException.NotFound($"No result '{resultId}'.");
        var row = rows[0];
        if (row.Host != host.HostId)
            throw GridException.Forbidden($"Result '{resultId}' was not assigned to this host; only the host a unit was sent to may report it.");
        if (row.State != ResultState.InProgress)
            throw GridException.Conflict($"Result '{resultId}' is {row.State}, no longer in progress; ask for new work.");
        return new AssignedResult(row.Unit, JsonSerializer.Deserialize(row.Outputs, StorageJson.Default.StringArray)!);
    }

    private static string? Truncate(string? text) => text is { Length: > MaxLogChars } ? text[..MaxLogChars] : text;

    private sealed record AssignedResult(string UnitId, string[] Outputs);
}
