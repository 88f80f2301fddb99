using System.Data.Common;
using System.Text.Json;
using VolunteerGrid.Coordinator.Security;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Shared.Hashing;
using VolunteerGrid.Shared.Protocol;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Coordinator.Campaigns;

/// <summary>
/// State transitions of units and campaigns, always inside the caller's write transaction so each
/// change and its consequences (dependents unblocked, lineage recorded, campaign finished) commit
/// together or not at all.
/// </summary>
internal static class UnitLifecycle
{
    /// <summary>
    /// A unit whose inputs are all known: reuse a validated result with the same lineage key
    /// (pruning by content), else make it ready for dispatch.
    /// </summary>
    public static async Task ActivateAsync(DbTransaction tx, string unitId, long now)
    {
        var unit = (await tx.QueryAsync(
            "SELECT kind, kind_version, parameters, target_results FROM units WHERE id = @u",
            r => (Kind: r.GetString(0), Version: r.GetInt32(1), Parameters: r.GetString(2), Target: r.GetInt32(3)),
            ("@u", unitId)))[0];
        var inputs = await tx.QueryAsync("SELECT name, sha256 FROM unit_inputs WHERE unit_id = @u",
            r => (Name: r.GetString(0), Sha256: r.NullableString(1)), ("@u", unitId));
        if (inputs.Any(i => i.Sha256 is null))
            throw new InvalidOperationException($"Unit {unitId} was activated before all of its inputs were known.");
        using var parameters = JsonDocument.Parse(unit.Parameters);
        var key = LineageKey.Compute(unit.Kind, unit.Version, parameters.RootElement,
            inputs.Select(i => KeyValuePair.Create(i.Name, Sha256Digest.Parse(i.Sha256)))).ToString();
        await tx.ExecAsync("UPDATE units SET lineage_key = @k WHERE id = @u", ("@k", key), ("@u", unitId));
        var reusable = await tx.ScalarAsync<string>("SELECT result_id FROM lineage WHERE lineage_key = @k", ("@k", key));
        if (reusable is not null)
        {
            await MarkDoneAsync(tx, unitId, reusable, reused: true, now);
            return;
        }
        await tx.ExecAsync("UPDATE units SET state = @s, needed = @n WHERE id = @u",
            ("@s", UnitState.Ready), ("@n", unit.Target), ("@u", unitId));
    }

    /// <summary>The unit has its canonical result: record lineage, feed dependents, maybe finish the campaign.</summary>
    public static async Task MarkDoneAsync(DbTransaction tx, string unitId, string resultId, bool reused, long now)
    {
        await tx.ExecAsync(
            "UPDATE units SET state = @s, canonical_result_id = @r, reused = @re, needed = 0, done_at = @t WHERE id = @u",
            ("@s", UnitState.Done), ("@r", resultId), ("@re", reused), ("@t", now), ("@u", unitId));
        if (!reused)
        {
            await tx.ExecAsync(
                "INSERT INTO lineage (lineage_key, result_id, unit_id, created_at) SELECT lineage_key, @r, id, @t FROM units WHERE id = @u AND lineage_key IS NOT NULL ON CONFLICT (lineage_key) DO NOTHING",
                ("@r", resultId), ("@t", now), ("@u", unitId));
        }
        await tx.ExecAsync("""
            UPDATE unit_inputs SET
                sha256 = (SELECT o.sha256 FROM result_outputs o WHERE o.result_id = @r AND o.name = unit_inputs.output),
                size = (SELECT o.size FROM result_outputs o WHERE o.result_id = @r AND o.name = unit_inputs.output)
            WHERE from_unit_id = @u
            """, ("@r", resultId), ("@u", unitId));
        var dependents = await tx.QueryAsync("SELECT unit_id FROM unit_dependencies WHERE depends_on = @u",
            r => r.GetString(0), ("@u", unitId));
        foreach (var dependent in dependents)
        {
            await tx.ExecAsync("UPDATE units SET deps_remaining = deps_remaining - 1 WHERE id = @d AND state = @s",
                ("@d", dependent), ("@s", UnitState.Blocked));
            var remaining = await tx.QueryAsync("SELECT deps_remaining FROM units WHERE id = @d AND state = @s",
                r => r.GetInt64(0), ("@d", dependent), ("@s", UnitState.Blocked));
            if (remaining is [0])
                await ActivateAsync(tx, dependent, now);
        }
        var campaignId = await tx.ScalarAsync<string>("SELECT campaign_id FROM units WHERE id = @u", ("@u", unitId));
        await CompleteCampaignIfDoneAsync(tx, campaignId!, now);
    }

    /// <summary>Asks for more replicas of a unit, or fails it when its bounds do not allow more.</summary>
    public static async Task RequestReplicasAsync(DbTransaction tx, string unitId, int count, string why, long now)
    {
        var unit = await ReadBoundsAsync(tx, unitId);
        if (unit.State is not (UnitState.Ready or UnitState.InProgress) || count <= 0)
            return;
        if (unit.TotalResults + unit.Needed + count > unit.MaxTotal)
        {
            await FailAsync(tx, unitId, $"no agreement within max_total_results = {unit.MaxTotal}: {why}", now);
            return;
        }
        await tx.ExecAsync("UPDATE units SET needed = needed + @n, state = @s WHERE id = @u",
            ("@n", count), ("@s", UnitState.Ready), ("@u", unitId));
        await NoteWhenNoActiveHostMayTakeItAsync(tx, unitId, now);
    }

    /// <summary>
    /// A unit goes to each host, and each volunteer account, once (the lease's redundancy rule), so
    /// once every active host has had a replica of it, a replica asked for now waits for a host that
    /// has not. A small grid (a few cluster nodes, the demo's three agents) gets there after a couple
    /// of errors or missed deadlines on one unit; the campaign's events say so (and `vgrid watch`
    /// shows them when the counts stall) instead of the campaign stalling without a word. One
    /// indexed probe per host until the first that may take it: on a large grid, the first.
    /// </summary>
    private static async Task NoteWhenNoActiveHostMayTakeItAsync(DbTransaction tx, string unitId, long now)
    {
        var since = now - (long)HostRegistry.ActiveWindow.TotalMilliseconds;
        var someone = await tx.QueryAsync("""
            SELECT 1 FROM hosts h
            WHERE h.last_seen >= @since
              AND NOT EXISTS (SELECT 1 FROM results r WHERE r.unit_id = @u AND (r.host_id = h.id OR r.account = h.account))
            LIMIT 1
            """, r => r.GetInt32(0), ("@since", since), ("@u", unitId));
        if (someone.Count > 0)
            return;
        // No host active at all is a grid at rest (a night without volunteers), not this case.
        var active = await tx.ScalarAsync<long>("SELECT COUNT(*) FROM hosts WHERE last_seen >= @since", ("@since", since));
        if (active == 0)
            return;
        var (campaignId, key) = (await tx.QueryAsync("SELECT campaign_id, unit_key FROM units WHERE id = @u",
            r => (r.GetString(0), r.GetString(1)), ("@u", unitId)))[0];
        await GridEvents.WriteAsync(tx, campaignId, GridEvents.Warning,
            $"unit '{key}' needs another replica, but each of the {active} host(s) active in the last {HostRegistry.ActiveWindow.TotalMinutes:0} min has had one (a unit goes to each host and volunteer account once); it waits for another host", now);
    }

    /// <summary>A replica failed, timed out or was abandoned with an error: count it and replace it if allowed.</summary>
    public static async Task RecordErrorAsync(DbTransaction tx, string unitId, string reason, long now)
    {
        await tx.ExecAsync("UPDATE units SET error_results = error_results + 1 WHERE id = @u", ("@u", unitId));
        var unit = await ReadBoundsAsync(tx, unitId);
        if (unit.State is not (UnitState.Ready or UnitState.InProgress))
            return;
        if (unit.ErrorResults > unit.MaxErrors)
        {
            await FailAsync(tx, unitId, $"too many error results ({unit.ErrorResults} > max_error_results = {unit.MaxErrors}); last: {reason}", now);
            return;
        }
        await RequestReplicasAsync(tx, unitId, 1, reason, now);
    }

    /// <summary>Fails a unit and with it its campaign (its product can no longer be made).</summary>
    public static async Task FailAsync(DbTransaction tx, string unitId, string reason, long now)
    {
        var (campaignId, key) = (await tx.QueryAsync("SELECT campaign_id, unit_key FROM units WHERE id = @u",
            r => (r.GetString(0), r.GetString(1)), ("@u", unitId)))[0];
        await tx.ExecAsync("UPDATE units SET state = @s, needed = 0, failure_reason = @f, done_at = @t WHERE id = @u",
            ("@s", UnitState.Failed), ("@f", reason), ("@t", now), ("@u", unitId));
        await GridEvents.WriteAsync(tx, campaignId, GridEvents.Error, $"unit '{key}' failed: {reason}", now);
        await FinishCampaignAsync(tx, campaignId, CampaignState.Failed, $"unit '{key}' failed: {reason}", now);
    }

    /// <summary>Ends a campaign as failed or cancelled, withdrawing its open units and replicas.</summary>
    public static async Task FinishCampaignAsync(DbTransaction tx, string campaignId, CampaignState state, string? reason, long now)
    {
        var changed = await tx.ExecAsync(
            "UPDATE campaigns SET state = @s, failure_reason = @f, finished_at = @t WHERE id = @c AND state IN (@running, @assembling)",
            ("@s", state), ("@f", reason), ("@t", now), ("@c", campaignId),
            ("@running", CampaignState.Running), ("@assembling", CampaignState.Assembling));
        if (changed == 0)
            return;
        await tx.ExecAsync(
            "UPDATE results SET state = @cancelled WHERE state = @inprogress AND unit_id IN (SELECT id FROM units WHERE campaign_id = @c)",
            ("@cancelled", ResultState.Cancelled), ("@inprogress", ResultState.InProgress), ("@c", campaignId));
        await tx.ExecAsync(
            "UPDATE units SET state = @cancelled, needed = 0 WHERE campaign_id = @c AND state IN (@blocked, @ready, @inprogress)",
            ("@cancelled", UnitState.Cancelled), ("@c", campaignId),
            ("@blocked", UnitState.Blocked), ("@ready", UnitState.Ready), ("@inprogress", UnitState.InProgress));
        await GridEvents.WriteAsync(tx, campaignId, state == CampaignState.Failed ? GridEvents.Error : GridEvents.Info,
            $"campaign {state.ToString().ToLowerInvariant()}{(reason is null ? "" : ": " + reason)}", now);
    }

    private static async Task CompleteCampaignIfDoneAsync(DbTransaction tx, string campaignId, long now)
    {
        var open = await tx.ScalarAsync<long>("SELECT COUNT(*) FROM units WHERE campaign_id = @c AND state <> @done",
            ("@c", campaignId), ("@done", UnitState.Done));
        if (open > 0)
            return;
        var changed = await tx.ExecAsync("UPDATE campaigns SET state = @a WHERE id = @c AND state = @r",
            ("@a", CampaignState.Assembling), ("@c", campaignId), ("@r", CampaignState.Running));
        if (changed > 0)
            await GridEvents.WriteAsync(tx, campaignId, GridEvents.Info, "all units have canonical results; assembling products", now);
    }

    private static async Task<UnitBounds> ReadBoundsAsync(DbTransaction tx, string unitId) =>
        (await tx.QueryAsync(
            $"SELECT state, total_results, needed, error_results, max_total_results, max_error_results FROM units WHERE id = @u {tx.RowLock()}",
            r => new UnitBounds((UnitState)r.GetInt32(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5)),
            ("@u", unitId)))[0];

    private sealed record UnitBounds(UnitState State, int TotalResults, int Needed, int ErrorResults, int MaxTotal, int MaxErrors);
}
