using System.Data.Common;
using VolunteerGrid.Coordinator.Duties;
using VolunteerGrid.Coordinator.Security;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Coordinator.Campaigns;

/// <summary>What scientists read about campaigns (own and public ones; admins all) and cancellation.</summary>
public sealed class CampaignQueries(GridDatabase database, TimeProvider time, DutySignal signal)
{
    private const int RateWindowMs = 60_000;

    public async Task<CampaignSummary> GetAsync(Caller caller, string id, CancellationToken cancellationToken) =>
        await database.ReadAsync(async c => await SummarizeAsync(c, await VisibleAsync(c, caller, id)), cancellationToken);

    public async Task<IReadOnlyList<CampaignSummary>> ListAsync(Caller caller, CancellationToken cancellationToken) =>
        await database.ReadAsync(async c =>
        {
            var rows = await c.QueryAsync($"SELECT {CampaignRow.Columns} FROM campaigns WHERE is_public = 1 OR owner = @o OR @admin = 1 ORDER BY created_at DESC LIMIT 1000",
                CampaignRow.Read, ("@o", caller.Owner), ("@admin", caller.IsAdmin));
            var list = new List<CampaignSummary>(rows.Count);
            foreach (var row in rows)
                list.Add(await SummarizeAsync(c, row));
            return (IReadOnlyList<CampaignSummary>)list;
        }, cancellationToken);

    public async Task<CampaignSummary> CancelAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var row = await database.ReadAsync(c => VisibleAsync(c, caller, id), cancellationToken);
        if (row.Owner != caller.Owner && !caller.IsAdmin)
            throw GridException.Forbidden("Only the campaign's owner or an admin may cancel it.");
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await database.WriteAsync(tx => UnitLifecycle.FinishCampaignAsync(tx, id, CampaignState.Cancelled, $"cancelled by {caller.Owner}", now), cancellationToken);
        signal.Wake();
        return await GetAsync(caller, id, cancellationToken);
    }

    /// <summary>Units with their state, replicas and failure reasons.</summary>
    public async Task<IReadOnlyList<UnitStatus>> UnitsAsync(Caller caller, string id, CancellationToken cancellationToken) =>
        await database.ReadAsync(async c =>
        {
            await VisibleAsync(c, caller, id);
            return (IReadOnlyList<UnitStatus>)await c.QueryAsync("""
                SELECT u.id, u.unit_key, u.kind, u.state, u.total_results, u.error_results, u.reused, u.failure_reason, u.canonical_result_id
                FROM units u WHERE u.campaign_id = @c ORDER BY u.seq
                """, r => new UnitStatus(r.GetString(0), r.GetString(1), r.GetString(2), (UnitState)r.GetInt32(3), r.GetInt32(4), r.GetInt32(5),
                    r.GetInt64(6) != 0, r.NullableString(7), r.NullableString(8)), ("@c", id));
        }, cancellationToken);

    /// <summary>The most events one <see cref="LogsAsync"/> tail returns.</summary>
    public const int MaxLogTail = 10_000;

    /// <summary>The campaign's events in order; with <paramref name="tail"/> &gt; 0 only the latest that many.</summary>
    public async Task<IReadOnlyList<string>> LogsAsync(Caller caller, string id, CancellationToken cancellationToken, int tail = 0) =>
        await database.ReadAsync(async c =>
        {
            await VisibleAsync(c, caller, id);
            // The latest N by the (campaign_id, id) index read backwards, then put back in order.
            static string Line(DbDataReader r) => $"{DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)):O} {r.GetString(1)} {r.GetString(2)}";
            return (IReadOnlyList<string>)(tail > 0
                ? await c.QueryAsync("SELECT at, level, message FROM (SELECT id, at, level, message FROM events WHERE campaign_id = @c ORDER BY id DESC LIMIT @n) latest ORDER BY id",
                    Line, ("@c", id), ("@n", tail))
                : await c.QueryAsync("SELECT at, level, message FROM events WHERE campaign_id = @c ORDER BY id", Line, ("@c", id)));
        }, cancellationToken);

    public async Task<IReadOnlyList<ProductInfo>> ProductsAsync(Caller caller, string id, CancellationToken cancellationToken) =>
        await database.ReadAsync(async c =>
        {
            await VisibleAsync(c, caller, id);
            return (IReadOnlyList<ProductInfo>)await c.QueryAsync("SELECT name, sha256, size FROM products WHERE campaign_id = @c ORDER BY name",
                r => new ProductInfo(r.GetString(0), r.GetString(1), r.GetInt64(2)), ("@c", id));
        }, cancellationToken);

    public async Task<string> ProvenanceAsync(Caller caller, string id, CancellationToken cancellationToken) =>
        await database.ReadAsync(async c =>
        {
            await VisibleAsync(c, caller, id);
            return await c.ScalarAsync<string>("SELECT document FROM provenance WHERE campaign_id = @c", ("@c", id))
                ?? throw GridException.NotFound($"Campaign '{id}' has no provenance yet; it is written when the campaign completes.");
        }, cancellationToken);

    private static async Task<CampaignRow> VisibleAsync(DbConnection c, Caller caller, string id)
    {
        var rows = await c.QueryAsync($"SELECT {CampaignRow.Columns} FROM campaigns WHERE id = @c", CampaignRow.Read, ("@c", id));
        // A campaign the caller may not see is reported as missing, not forbidden: its existence is private too.
        if (rows.Count == 0 || !caller.CanSee(rows[0].Owner, rows[0].IsPublic))
            throw GridException.NotFound($"No campaign '{id}' visible to {caller.Owner}.");
        return rows[0];
    }

    private async Task<CampaignSummary> SummarizeAsync(DbConnection c, CampaignRow row)
    {
        var counts = await c.QueryAsync("""
            SELECT kind, state, CASE WHEN validation_generation > 0 THEN 1 ELSE 0 END, COUNT(*)
            FROM units WHERE campaign_id = @c GROUP BY kind, state, CASE WHEN validation_generation > 0 THEN 1 ELSE 0 END
            """, r => (Kind: r.GetString(0), State: (UnitState)r.GetInt32(1), Validating: r.GetInt32(2) == 1, Count: r.GetInt32(3)), ("@c", row.Id));
        var stages = counts.GroupBy(x => x.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new StageProgress(g.Key,
            Pending: g.Where(x => x.State is UnitState.Blocked or UnitState.Ready && !x.Validating).Sum(x => x.Count),
            InProgress: g.Where(x => x.State == UnitState.InProgress && !x.Validating).Sum(x => x.Count),
            Validating: g.Where(x => x.State is UnitState.Ready or UnitState.InProgress && x.Validating).Sum(x => x.Count),
            Done: g.Where(x => x.State == UnitState.Done).Sum(x => x.Count),
            Failed: g.Where(x => x.State is UnitState.Failed or UnitState.Cancelled).Sum(x => x.Count))).ToList();
        var since = time.GetUtcNow().ToUnixTimeMilliseconds() - RateWindowMs;
        var recent = await c.ScalarAsync<long>(
            "SELECT COUNT(*) FROM results r JOIN units u ON u.id = r.unit_id WHERE u.campaign_id = @c AND r.reported_at >= @since",
            ("@c", row.Id), ("@since", since));
        return new CampaignSummary(row.Id, row.Kind, row.Name, row.Owner, row.IsPublic, row.State, row.Priority,
            DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt),
            row.FinishedAt is { } f ? DateTimeOffset.FromUnixTimeMilliseconds(f) : null,
            stages, recent * 1000.0 / RateWindowMs, row.FailureReason);
    }
}
