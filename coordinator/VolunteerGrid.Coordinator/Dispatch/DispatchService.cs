using System.Data.Common;
using System.Text.Json;
using VolunteerGrid.Coordinator.Hosting;
using VolunteerGrid.Coordinator.Security;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Coordinator.Dispatch;

/// <summary>
/// Hands ready units to a host that asks (agents pull). One request is one write transaction that
/// leases rows (BEGIN IMMEDIATE here; FOR UPDATE SKIP LOCKED on PostgreSQL): replicas go only to
/// distinct hosts of distinct accounts, within the host's quotas, for kinds the host reports,
/// preferring units whose inputs the host already caches.
/// </summary>
public sealed class DispatchService(GridDatabase database, CoordinatorOptions options, TimeProvider time, GridRandom random)
{
    private const int MaxUnitsPerRequest = 32;
    private const int MaxCachedInputs = 10_000;
    private const int LocalityWindow = 8;

    public async Task<(IReadOnlyList<DispatchedUnit> Units, double RetryAfterSeconds)> RequestWorkAsync(
        HostIdentity host, WorkRequest request, CancellationToken cancellationToken)
    {
        Check(request);
        var kinds = request.Capabilities.Kinds.DistinctBy(k => (k.Name, k.Version)).ToList();
        var cached = request.CachedInputs.Count == 0 ? null : new HashSet<string>(request.CachedInputs, StringComparer.Ordinal);
        var deviceClasses = string.Join(';', request.Capabilities.Devices.Select(d => d.Class).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        return await database.WriteAsync(async tx =>
        {
            var now = time.GetUtcNow();
            var nowMs = now.ToUnixTimeMilliseconds();
            var day = nowMs / 86_400_000;
            // One statement records the visit, rolls the daily quota over and reads the host back
            // (SET sees the old row, RETURNING the new one): no read-modify-write round trip.
            var row = (await tx.QueryAsync($"""
                UPDATE hosts SET last_seen = @t, device_classes = @dc,
                    sent_today = CASE WHEN quota_day = @d THEN sent_today ELSE 0 END, quota_day = @d,
                    cores = @cores, memory_mb = @mem
                WHERE id = @h
                RETURNING {HostRow.Columns}
                """, HostRow.Read,
                ("@t", nowMs), ("@dc", deviceClasses), ("@d", day), ("@h", host.HostId),
                ("@cores", request.Capabilities.Cores), ("@mem", request.Capabilities.MemoryMb))).Single();
            var sentToday = row.SentToday;
            var inProgress = await tx.ScalarAsync<long>("SELECT COUNT(*) FROM results WHERE host_id = @h AND state = @s",
                ("@h", host.HostId), ("@s", ResultState.InProgress));
            var capacity = (int)Math.Min(Math.Min(request.MaxUnits, row.MaxInProgress - inProgress), row.DailyQuota - sentToday);
            if (capacity <= 0 || kinds.Count == 0)
            {
                var wait = row.DailyQuota - sentToday <= 0 ? (day + 1) * 86_400_000 - nowMs : options.IdleRetrySeconds * 1000;
                return ((IReadOnlyList<DispatchedUnit>)[], wait / 1000.0);
            }

            var allowed = await DeviceClassFilter.AllowedKindsAsync(tx, request.Capabilities.Devices, kinds);
            if (allowed.Count == 0)
                return ((IReadOnlyList<DispatchedUnit>)[], options.IdleRetrySeconds);
            var candidates = await CandidatesAsync(tx, host, allowed, cached is null ? capacity : capacity * LocalityWindow);
            if (cached is not null)
                candidates = await RankByLocalityAsync(tx, candidates, cached);
            var leased = new List<DispatchedUnit>();
            foreach (var unit in candidates.Take(capacity))
                leased.Add(await LeaseAsync(tx, host, row, unit, now));
            if (leased.Count > 0)
            {
                await tx.ExecAsync("UPDATE hosts SET sent_today = sent_today + @n WHERE id = @h", ("@n", leased.Count), ("@h", host.HostId));
            }
            return ((IReadOnlyList<DispatchedUnit>)leased, leased.Count > 0 ? 0 : options.IdleRetrySeconds);
        }, cancellationToken);
    }

    private static void Check(WorkRequest request)
    {
        if (request?.Capabilities is null)
            throw GridException.BadRequest("capabilities: missing; send the host's cores, memoryMb, kinds, devices and freeDiskMb.");
        if (request.Capabilities.Kinds is null || request.Capabilities.Devices is null || request.CachedInputs is null)
            throw GridException.BadRequest("capabilities.kinds, capabilities.devices and cachedInputs must be arrays (empty is fine).");
        if (request.MaxUnits is < 1 or > MaxUnitsPerRequest)
            throw GridException.BadRequest($"maxUnits: {request.MaxUnits} is out of range; ask for 1 to {MaxUnitsPerRequest} units.");
        if (request.CachedInputs.Count > MaxCachedInputs)
            throw GridException.BadRequest($"cachedInputs: {request.CachedInputs.Count} hashes is too many; report at most {MaxCachedInputs}.");
        if (request.Capabilities.Kinds.Any(k => k is null || string.IsNullOrEmpty(k.Name)))
            throw GridException.BadRequest("capabilities.kinds: every entry needs a name and a version.");
        if (request.Capabilities.Devices.Any(d => d is null))
            throw GridException.BadRequest("capabilities.devices: entries must not be null.");
    }

    private async Task<List<Candidate>> CandidatesAsync(DbTransaction tx, HostIdentity host, List<KindVersion> kinds, int limit)
    {
        var parameters = new List<(string, object?)>
        {
            ("@ready", (int)Shared.Protocol.Grid.UnitState.Ready), ("@host", host.HostId), ("@account", host.Account), ("@limit", limit),
        };
        var kindFilter = string.Join(" OR ", kinds.Select((k, i) =>
        {
            parameters.Add(($"@k{i}", k.Name));
            parameters.Add(($"@v{i}", k.Version));
            return $"(u.kind = @k{i} AND u.kind_version = @v{i})";
        }));
        // The NOT EXISTS is the redundancy rule: never a second replica of a unit to the same
        // host, nor to another host of the same volunteer account.
        var sql = $"""
            SELECT u.id, u.campaign_id, u.kind, u.kind_version, u.parameters, u.outputs, u.deadline_seconds,
                   u.total_results, u.target_results, u.adaptive_replication
            FROM units u
            WHERE u.state = @ready AND u.needed > 0 AND ({kindFilter})
              AND NOT EXISTS (SELECT 1 FROM results r WHERE r.unit_id = u.id AND (r.host_id = @host OR r.account = @account))
            ORDER BY u.priority DESC, u.seq
            LIMIT @limit {database.Dialect.RowLeaseClause}
            """;
        return await tx.QueryAsync(sql, r => new Candidate(
            r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetString(4), r.GetString(5), r.GetDouble(6),
            r.GetInt32(7), r.GetInt32(8), r.GetInt64(9) != 0), [.. parameters]);
    }

    private static async Task<List<Candidate>> RankByLocalityAsync(DbTransaction tx, List<Candidate> candidates, HashSet<string> cached)
    {
        if (candidates.Count <= 1)
            return candidates;
        var parameters = new List<(string, object?)>();
        var list = Sql.InList("u", [.. candidates.Select(c => (object)c.UnitId)], parameters);
        var inputs = await tx.QueryAsync($"SELECT unit_id, sha256 FROM unit_inputs WHERE unit_id IN ({list})",
            r => (Unit: r.GetString(0), Sha: r.IsDBNull(1) ? "" : r.GetString(1)), [.. parameters]);
        var held = inputs.Where(i => cached.Contains(i.Sha)).GroupBy(i => i.Unit).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        // OrderBy is stable: among equally local units the priority/age order stands.
        return [.. candidates.OrderByDescending(c => held.GetValueOrDefault(c.UnitId))];
    }

    private async Task<DispatchedUnit> LeaseAsync(DbTransaction tx, HostIdentity host, HostRow row, Candidate unit, DateTimeOffset now)
    {
        var spotCheck = false;
        // Only campaigns that opted in (QuorumPolicy.AdaptiveReplication) may have a result accepted
        // from one host; every other unit is always agreed by min_quorum distinct hosts.
        if (unit.AdaptiveReplication && options.AdaptiveReplication && unit.TotalResults == 0 && unit.TargetResults > 1 &&
            row.ConsecutiveValid >= options.TrustedAfterConsecutiveValid)
        {
            // Adaptive replication (BOINC): a trusted host's result is accepted alone, except for
            // a random fraction that stays replicated so a host turning bad is still caught.
            spotCheck = random.NextDouble() < options.SpotCheckRate;
            if (!spotCheck)
            {
                await tx.ExecAsync("UPDATE units SET min_quorum = 1, target_results = 1, needed = 1 WHERE id = @u", ("@u", unit.UnitId));
            }
        }
        var resultId = Secrets.NewId();
        var deadline = now.AddSeconds(unit.DeadlineSeconds);
        await tx.ExecAsync("""
            INSERT INTO results (id, unit_id, host_id, account, state, spot_check, sent_at, deadline)
            VALUES (@id, @u, @h, @a, @s, @spot, @t, @d)
            """,
            ("@id", resultId), ("@u", unit.UnitId), ("@h", host.HostId), ("@a", host.Account), ("@s", ResultState.InProgress),
            ("@spot", spotCheck), ("@t", now.ToUnixTimeMilliseconds()), ("@d", deadline.ToUnixTimeMilliseconds()));
        await tx.ExecAsync("""
            UPDATE units SET needed = needed - 1, total_results = total_results + 1,
                state = CASE WHEN needed - 1 <= 0 THEN @inprogress ELSE state END
            WHERE id = @u
            """, ("@inprogress", Shared.Protocol.Grid.UnitState.InProgress), ("@u", unit.UnitId));
        var inputs = await tx.QueryAsync("SELECT name, sha256, size FROM unit_inputs WHERE unit_id = @u ORDER BY name",
            r => new DispatchedInput(r.GetString(0), r.GetString(1), r.GetInt64(2)), ("@u", unit.UnitId));
        var outputs = JsonSerializer.Deserialize(unit.Outputs, StorageJson.Default.StringArray)!;
        return new DispatchedUnit(resultId, unit.UnitId, unit.CampaignId, unit.Kind, unit.KindVersion, unit.Parameters,
            inputs, outputs, now, deadline);
    }

    private sealed record Candidate(
        string UnitId, string CampaignId, string Kind, int KindVersion, string Parameters, string Outputs,
        double DeadlineSeconds, int TotalResults, int TargetResults, bool AdaptiveReplication);
}
