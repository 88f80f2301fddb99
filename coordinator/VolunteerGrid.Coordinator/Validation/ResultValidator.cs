using VolunteerGrid.Coordinator.Campaigns;
using VolunteerGrid.Coordinator.Hosting;
using VolunteerGrid.Coordinator.Observability;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Shared.Protocol.Grid;
using VolunteerGrid.WorkUnits.Contract;

namespace VolunteerGrid.Coordinator.Validation;

/// <summary>
/// Compares reported replicas with the unit kind's comparer (BOINC's validator, typed): when
/// min_quorum of them agree, one becomes canonical, the agreeing hosts gain reliability and the
/// others lose it; when they cannot agree, more replicas are sent until the unit's bounds run out.
/// Comparison reads files outside any transaction; decisions commit afterwards only if the unit
/// has not changed meanwhile.
/// </summary>
public sealed class ResultValidator(
    GridDatabase database, FileStore files, KindRegistry kinds, CoordinatorOptions options, TimeProvider time,
    GridMetrics metrics, ILogger<ResultValidator> logger)
{
    private const int Batch = 200;

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var pending = await database.ReadAsync(c => c.QueryAsync(
            $"SELECT id, validation_generation FROM units WHERE validation_generation > 0 LIMIT {Batch}",
            r => (Unit: r.GetString(0), Generation: r.GetInt64(1))), cancellationToken);
        foreach (var (unit, generation) in pending)
            await ValidateAsync(unit, generation, cancellationToken);
        return pending.Count;
    }

    private async Task ValidateAsync(string unitId, long generation, CancellationToken cancellationToken)
    {
        var snapshot = await database.ReadAsync(c => ValidationSnapshot.LoadAsync(c, unitId), cancellationToken);
        var decision = Decide(snapshot, cancellationToken);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await database.WriteAsync(async tx =>
        {
            var state = (UnitState)(await tx.ScalarAsync<long>($"SELECT state FROM units WHERE id = @u {database.Dialect.RowLockClause}", ("@u", unitId)));
            if (state == snapshot.State)
                await ApplyAsync(tx, snapshot, decision, now);
            await tx.ExecAsync("UPDATE units SET validation_generation = 0 WHERE id = @u AND validation_generation = @g",
                ("@u", unitId), ("@g", generation));
        }, cancellationToken);
    }

    private Decision Decide(ValidationSnapshot s, CancellationToken cancellationToken)
    {
        if (!kinds.TryGetUnit(s.Kind, out var kind))
            return new Decision(null, [], [], $"unit kind '{s.Kind}' is not known to this coordinator", 0);
        var comparer = kind.Comparer;
        var reported = s.Results.Where(r => r.State == ResultState.Reported).ToList();
        if (s.State == UnitState.Done)
        {
            // Late replicas are checked against the canonical result, so their hosts are still judged.
            var canonical = s.Canonical!;
            var valid = reported.Where(r => Agree(comparer, r, canonical, cancellationToken, out _)).ToList();
            return new Decision(null, valid, [.. reported.Except(valid).Select(r => (r, "differs from the canonical result"))], null, 0);
        }
        if (s.State is not (UnitState.Ready or UnitState.InProgress) || reported.Count < s.MinQuorum)
            return Decision.None;

        var largest = 0;
        var lastReason = "";
        foreach (var candidate in reported)
        {
            var cluster = new List<ReplicaSnapshot> { candidate };
            foreach (var other in reported)
            {
                if (other == candidate)
                    continue;
                if (Agree(comparer, candidate, other, cancellationToken, out var reason))
                    cluster.Add(other);
                else
                    lastReason = reason;
            }
            if (cluster.Count >= s.MinQuorum)
            {
                var invalid = reported.Except(cluster).Select(r =>
                {
                    Agree(comparer, r, candidate, cancellationToken, out var why);
                    return (r, why);
                }).ToList();
                return new Decision(candidate, cluster, invalid, null, 0);
            }
            largest = Math.Max(largest, cluster.Count);
        }
        var shortfall = s.MinQuorum - largest;
        var outstanding = s.InProgress + s.Needed;
        return new Decision(null, [], [], null, Math.Max(0, shortfall - outstanding), $"results disagree ({lastReason})");
    }

    private bool Agree(IResultComparer comparer, ReplicaSnapshot a, ReplicaSnapshot b, CancellationToken cancellationToken, out string reason)
    {
        // Byte-identical outputs agree under any sane comparer; skip reading the files.
        if (a.Outputs.Count == b.Outputs.Count && a.Outputs.All(o => b.Outputs.TryGetValue(o.Key, out var h) && h == o.Value))
        {
            reason = "agree";
            return true;
        }
        try
        {
            var outcome = comparer.Compare(Files(a), Files(b), cancellationToken);
            reason = outcome.Reason;
            return outcome.Agree;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Comparers must not throw on malformed results; if one does, the pair disagrees.
            logger.LogWarning(e, "Comparer of {Kind} threw while comparing results {A} and {B}", comparer.GetType().Name, a.ResultId, b.ResultId);
            reason = $"comparer failed: {e.Message}";
            return false;
        }
    }

    private UnitResultFiles Files(ReplicaSnapshot r) =>
        new(new StoredFilePaths(files, r.Outputs));

    private async Task ApplyAsync(System.Data.Common.DbTransaction tx, ValidationSnapshot s, Decision d, long now)
    {
        if (d.FailReason is not null)
        {
            await UnitLifecycle.FailAsync(tx, s.UnitId, d.FailReason, now);
            return;
        }
        foreach (var valid in d.Valid)
        {
            if (await tx.ExecAsync("UPDATE results SET state = @v WHERE id = @r AND state = @rep",
                    ("@v", ResultState.Valid), ("@r", valid.ResultId), ("@rep", ResultState.Reported)) > 0)
            {
                await HostReputation.OnValidAsync(tx, valid.HostId, options);
                await DeviceClassRecord.OnJudgedAsync(tx, valid.ResultId, agreed: true, now);
            }
        }
        foreach (var (invalid, why) in d.Invalid)
        {
            if (await tx.ExecAsync("UPDATE results SET state = @i, reason = @why WHERE id = @r AND state = @rep",
                    ("@i", ResultState.Invalid), ("@why", why), ("@r", invalid.ResultId), ("@rep", ResultState.Reported)) == 0)
                continue;
            await HostReputation.OnInvalidAsync(tx, invalid.HostId);
            await DeviceClassRecord.OnJudgedAsync(tx, invalid.ResultId, agreed: false, now);
            await GridEvents.WriteAsync(tx, s.CampaignId, GridEvents.Warning, $"unit '{s.UnitKey}': result of host {invalid.HostName} rejected: {why}", now);
            metrics.ValidationFailed();
        }
        if (d.Canonical is not null)
        {
            await GridEvents.WriteAsync(tx, s.CampaignId, GridEvents.Info,
                $"unit '{s.UnitKey}' validated by {string.Join(", ", d.Valid.Select(v => v.HostName))}", now);
            await UnitLifecycle.MarkDoneAsync(tx, s.UnitId, d.Canonical.ResultId, reused: false, now);
        }
        else if (d.MoreReplicas > 0)
        {
            await UnitLifecycle.RequestReplicasAsync(tx, s.UnitId, d.MoreReplicas, d.Why ?? "results disagree", now);
        }
    }

    private sealed record Decision(
        ReplicaSnapshot? Canonical, IReadOnlyList<ReplicaSnapshot> Valid, IReadOnlyList<(ReplicaSnapshot Result, string Why)> Invalid,
        string? FailReason, int MoreReplicas, string? Why = null)
    {
        public static Decision None { get; } = new(null, [], [], null, 0);
    }
}
