using VolunteerGrid.Coordinator.Campaigns;
using VolunteerGrid.Coordinator.Observability;
using VolunteerGrid.Coordinator.Security;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Coordinator.Dashboard;

/// <summary>
/// The dashboard's read model, built from what the database already records: campaign summaries
/// (<see cref="CampaignQueries"/>), hosts (<see cref="HostQueries"/>), and the results' and units'
/// report/done timestamps bucketed for the throughput chart.
/// </summary>
public sealed class DashboardQueries(GridDatabase database, CampaignQueries campaigns, HostQueries hosts, TimeProvider time)
{
    public const int LeaderboardSize = 20;

    public async Task<DashboardOverview> OverviewAsync(Caller caller, CancellationToken cancellationToken)
    {
        var list = await campaigns.ListAsync(caller, cancellationToken);
        var rows = new List<DashboardCampaign>(list.Count);
        foreach (var c in list)
        {
            var products = c.State == CampaignState.Completed
                ? (await campaigns.ProductsAsync(caller, c.Id, cancellationToken)).Select(p => new DashboardProduct(p.Name, p.Sha256, p.Size, PreviewRenderer.IsFitsName(p.Name))).ToList()
                : [];
            var open = c.State is CampaignState.Running or CampaignState.Assembling;
            rows.Add(new DashboardCampaign(c, products, open && (caller.IsAdmin || c.Owner == caller.Owner)));
        }
        return new DashboardOverview(new DashboardCaller(caller.Owner, caller.Role), rows,
            await ThroughputAsync(TimeSpan.FromHours(1), 60, cancellationToken),
            await HostsAsync(caller, cancellationToken), await AgreementAsync(cancellationToken), await LeaderboardAsync(caller, cancellationToken));
    }

    /// <summary>
    /// Units done and results reported in <paramref name="buckets"/> equal buckets covering <paramref name="span"/>.
    /// Buckets are aligned to multiples of their width, so a bucket's count does not shift as the clock ticks.
    /// </summary>
    public async Task<ThroughputSeries> ThroughputAsync(TimeSpan span, int buckets, CancellationToken cancellationToken)
    {
        var width = (long)Math.Max(1, Math.Ceiling(span.TotalSeconds / buckets)) * 1000;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var first = (now / width - (buckets - 1)) * width;
        var (units, results) = await database.ReadAsync(async c =>
        {
            // Integer division of BIGINTs is integer division on both SQLite and PostgreSQL.
            var u = await c.QueryAsync("SELECT (done_at - @first) / @w, COUNT(*) FROM units WHERE done_at >= @first AND state = @done GROUP BY (done_at - @first) / @w",
                r => (Bucket: r.GetInt64(0), Count: r.GetInt64(1)), ("@first", first), ("@w", width), ("@done", UnitState.Done));
            var r = await c.QueryAsync("SELECT (reported_at - @first) / @w, COUNT(*) FROM results WHERE reported_at >= @first GROUP BY (reported_at - @first) / @w",
                r => (Bucket: r.GetInt64(0), Count: r.GetInt64(1)), ("@first", first), ("@w", width));
            return (u.ToDictionary(x => x.Bucket, x => x.Count), r.ToDictionary(x => x.Bucket, x => x.Count));
        }, cancellationToken);
        var points = new List<ThroughputPoint>(buckets);
        for (var i = 0; i < buckets; i++)
        {
            var start = first + i * width;
            var seconds = Math.Max(1.0, Math.Min(width, now - start) / 1000.0);
            var u = units.GetValueOrDefault(i);
            var r = results.GetValueOrDefault(i);
            points.Add(new ThroughputPoint(DateTimeOffset.FromUnixTimeMilliseconds(start), u, r, u / seconds, r / seconds));
        }
        return new ThroughputSeries((int)(width / 1000), points);
    }

    public async Task<IReadOnlyList<DashboardHost>> HostsAsync(Caller caller, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow() - HostRegistry.ActiveWindow;
        return [.. (await hosts.ListAsync(cancellationToken)).Select(h =>
        {
            var judged = h.ValidResults + h.InvalidResults;
            var all = judged + h.ErrorResults;
            return new DashboardHost(h.Name, caller.IsAdmin ? h.Account : null, h.LastSeen >= since, h.LastSeen, h.InProgress,
                h.ValidResults, h.InvalidResults, h.ErrorResults,
                judged > 0 ? (double)h.ValidResults / judged : null, all > 0 ? (double)h.ErrorResults / all : null);
        })];
    }

    public Task<AgreementRate> AgreementAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async c =>
        {
            var counts = await c.QueryAsync("SELECT state, COUNT(*) FROM results WHERE state IN (@valid, @invalid) GROUP BY state",
                r => ((ResultState)r.GetInt32(0), r.GetInt64(1)), ("@valid", ResultState.Valid), ("@invalid", ResultState.Invalid));
            var valid = counts.Where(x => x.Item1 == ResultState.Valid).Sum(x => x.Item2);
            var invalid = counts.Where(x => x.Item1 == ResultState.Invalid).Sum(x => x.Item2);
            return new AgreementRate(valid, invalid, valid + invalid > 0 ? (double)valid / (valid + invalid) : null);
        }, cancellationToken);

    /// <summary>Hosts ranked by validated work (BOINC credit in spirit: only results that agreed with a quorum count).</summary>
    public Task<IReadOnlyList<LeaderboardEntry>> LeaderboardAsync(Caller caller, CancellationToken cancellationToken) =>
        database.ReadAsync(async c =>
        {
            var rows = await c.QueryAsync($"""
                SELECT h.name, h.account, COUNT(*), SUM(u.estimated_work)
                FROM results r JOIN units u ON u.id = r.unit_id JOIN hosts h ON h.id = r.host_id
                WHERE r.state = @valid
                GROUP BY h.id, h.name, h.account
                ORDER BY SUM(u.estimated_work) DESC, COUNT(*) DESC, h.name
                LIMIT {LeaderboardSize}
                """, r => (Name: r.GetString(0), Account: r.NullableString(1), Count: r.GetInt64(2), Work: r.GetDouble(3)), ("@valid", ResultState.Valid));
            return (IReadOnlyList<LeaderboardEntry>)[.. rows.Select((x, i) => new LeaderboardEntry(i + 1, x.Name, caller.IsAdmin ? x.Account : null, x.Count, x.Work))];
        }, cancellationToken);

    /// <summary>Products of completed campaigns the caller can see, newest first.</summary>
    public Task<IReadOnlyList<StoredProduct>> StoredProductsAsync(Caller caller, CancellationToken cancellationToken) =>
        database.ReadAsync(async c => (IReadOnlyList<StoredProduct>)await c.QueryAsync("""
            SELECT c.id, c.name, p.name, p.sha256, p.size FROM products p JOIN campaigns c ON c.id = p.campaign_id
            WHERE c.is_public = 1 OR c.owner = @o OR @admin = 1
            ORDER BY c.created_at DESC, p.name LIMIT 500
            """, r => new StoredProduct(r.GetString(0), r.NullableString(1), r.GetString(2), r.GetString(3), r.GetInt64(4)),
            ("@o", caller.Owner), ("@admin", caller.IsAdmin)), cancellationToken);
}
