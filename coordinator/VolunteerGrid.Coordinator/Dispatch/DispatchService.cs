using System.Collections.Concurrent;
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
/// preferring units whose inputs the host already caches. A request for one unit costs four
/// statements (host visit, candidates with their inputs and the device-class rule, replica row,
/// unit counters) plus one for the daily count, and concurrent requests share a commit (<see cref="GroupCommit"/>).
/// </summary>
public sealed class DispatchService(GridDatabase database, GroupCommit commits, CoordinatorOptions options, TimeProvider time, GridRandom random)
{
    private const int MaxUnitsPerRequest = 32;
    private const int MaxCachedInputs = 10_000;
    private const int LocalityWindow = 8;

    // The candidate query's text per (kinds, device classes, limit), built once per triple.
    private readonly ConcurrentDictionary<(int Kinds, int Classes, int Limit), string> _candidateSql = new();

    public async Task<(IReadOnlyList<DispatchedUnit> Units, double RetryAfterSeconds)> RequestWorkAsync(
        HostIdentity host, WorkRequest request, CancellationToken cancellationToken)
    {
        Check(request);
        var kinds = request.Capabilities.Kinds.DistinctBy(k => (k.Name, k.Version)).ToList();
        var cached = request.CachedInputs.Count == 0 ? null : new HashSet<string>(request.CachedInputs, StringComparer.Ordinal);
        var classes = request.Capabilities.Devices.Select(d => d.Class).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var deviceClasses = string.Join(';', classes);
        return await commits.WriteAsync(async tx =>
        {
            var now = time.GetUtcNow();
            var nowMs = now.ToUnixTimeMilliseconds();
            var day = nowMs / 86_400_000;
            // One statement records the visit, rolls the daily quota over and reads the host back
            // with its replicas in progress (SET sees the old row, RETURNING the new one).
            var row = (await tx.QueryAsync($"""
                UPDATE hosts SET last_seen = @t, device_classes = @dc,
                    sent_today = CASE WHEN quota_day = @d THEN sent_today ELSE 0 END, quota_day = @d,
                    cores = @cores, memory_mb = @mem
                WHERE id = @h
                RETURNING {HostRow.Columns}, (SELECT COUNT(*) FROM results r WHERE r.host_id = hosts.id AND r.state = @inprogress)
                """, HostRow.Read,
                ("@t", nowMs), ("@dc", deviceClasses), ("@d", day), ("@h", host.HostId),
                ("@cores", request.Capabilities.Cores), ("@mem", request.Capabilities.MemoryMb), ("@inprogress", ResultState.InProgress))).Single();
            var sentToday = row.SentToday;
            var capacity = (int)Math.Min(Math.Min(request.MaxUnits, row.MaxInProgress - row.InProgress), row.DailyQuota - sentToday);
            if (capacity <= 0 || kinds.Count == 0)
            {
                var wait = row.DailyQuota - sentToday <= 0 ? (day + 1) * 86_400_000 - nowMs : options.IdleRetrySeconds * 1000;
                return ((IReadOnlyList<DispatchedUnit>)[], wait / 1000.0);
            }

            var candidates = await CandidatesAsync(tx, CandidateSql(kinds.Count, classes.Length, cached is null ? capacity : capacity * LocalityWindow), host, kinds, classes);
            if (cached is not null && candidates.Count > 1)
            {
                // OrderBy is stable: among equally local units the priority/age order stands.
                candidates = [.. candidates.OrderByDescending(c => c.Inputs.Count(i => cached.Contains(i.Sha256)))];
            }
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

    /// <summary>The candidate query for hosts reporting so many kinds and device classes (one text per triple, so it stays prepared).</summary>
    private string CandidateSql(int kindCount, int classCount, int limit) =>
        kindCount <= MaxUnitsPerRequest && classCount <= MaxUnitsPerRequest
            ? _candidateSql.GetOrAdd((kindCount, classCount, limit), key => BuildCandidateSql(key.Kinds, key.Classes, key.Limit))
            : BuildCandidateSql(kindCount, classCount, limit);

    private string BuildCandidateSql(int kindCount, int classCount, int limit)
    {
        var kindFilter = string.Join(" OR ", Enumerable.Range(0, kindCount).Select(i => $"(u.kind = @k{i} AND u.kind_version = @v{i})"));
        // The NOT EXISTS is the redundancy rule: never a second replica of a unit to the same
        // host, nor to another host of the same volunteer account; then no kind excluded for one of
        // the host's device classes (DeviceClassFilter). The inputs come in the same
        // statement (one row per input), for the locality ranking and the manifest.
        // The limit is a literal, not a parameter: SQLite (3.47+) reads a bound LIMIT while planning
        // and then re-prepares the statement each time the parameter is bound again, which cost
        // ≈ 100 µs of the single writer's time per lease (5x the query itself).
        var limitText = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"""
            WITH c AS (
                SELECT u.id, u.campaign_id, u.kind, u.kind_version, u.parameters, u.outputs, u.deadline_seconds,
                       u.total_results, u.target_results, u.adaptive_replication, u.priority, u.seq
                FROM units u
                WHERE u.state = @ready AND u.needed > 0 AND ({kindFilter})
                  AND NOT EXISTS (SELECT 1 FROM results r WHERE r.unit_id = u.id AND (r.host_id = @host OR r.account = @account)){DeviceClassFilter.Condition(classCount)}
                ORDER BY u.priority DESC, u.seq
                LIMIT {limitText} {database.Dialect.RowLeaseClause})
            SELECT c.id, c.campaign_id, c.kind, c.kind_version, c.parameters, c.outputs, c.deadline_seconds,
                   c.total_results, c.target_results, c.adaptive_replication, i.name, i.sha256, i.size
            FROM c LEFT JOIN unit_inputs i ON i.unit_id = c.id
            ORDER BY c.priority DESC, c.seq, c.id, i.name
            """;
    }

    private static async Task<List<Candidate>> CandidatesAsync(DbTransaction tx, string sql, HostIdentity host, List<KindVersion> kinds, string[] classes)
    {
        var parameters = new (string, object?)[3 + 2 * kinds.Count + classes.Length];
        parameters[0] = ("@ready", (int)Shared.Protocol.Grid.UnitState.Ready);
        parameters[1] = ("@host", host.HostId);
        parameters[2] = ("@account", host.Account);
        for (var i = 0; i < kinds.Count; i++)
        {
            parameters[3 + 2 * i] = ($"@k{i}", kinds[i].Name);
            parameters[4 + 2 * i] = ($"@v{i}", kinds[i].Version);
        }
        for (var i = 0; i < classes.Length; i++)
            parameters[3 + 2 * kinds.Count + i] = (DeviceClassFilter.ParameterName(i), classes[i]);
        var rows = await tx.QueryAsync(sql, r => (
            Unit: new Candidate(
                r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetString(4), r.GetString(5), r.GetDouble(6),
                r.GetInt32(7), r.GetInt32(8), r.GetInt64(9) != 0),
            Input: r.IsDBNull(10) ? null : new DispatchedInput(r.GetString(10), r.GetString(11), r.GetInt64(12))), parameters);
        // One row per input. seq numbers units within a campaign, so units of two campaigns can tie
        // on (priority, seq): group by unit id, keeping the order in which units first appear.
        var candidates = new List<Candidate>();
        var byId = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        foreach (var (unit, input) in rows)
        {
            if (!byId.TryGetValue(unit.UnitId, out var candidate))
            {
                candidate = unit;
                byId.Add(unit.UnitId, candidate);
                candidates.Add(candidate);
            }
            if (input is not null)
                candidate.Inputs.Add(input);
        }
        return candidates;
    }

    private async Task<DispatchedUnit> LeaseAsync(DbTransaction tx, HostIdentity host, HostRow row, Candidate unit, DateTimeOffset now)
    {
        var spotCheck = false;
        var single = false;
        // Only campaigns that opted in (QuorumPolicy.AdaptiveReplication) may have a result accepted
        // from one host; every other unit is always agreed by min_quorum distinct hosts.
        if (unit.AdaptiveReplication && options.AdaptiveReplication && unit.TotalResults == 0 && unit.TargetResults > 1 &&
            row.ConsecutiveValid >= options.TrustedAfterConsecutiveValid)
        {
            // Adaptive replication (BOINC): a trusted host's result is accepted alone, except for
            // a random fraction that stays replicated so a host turning bad is still caught.
            spotCheck = random.NextDouble() < options.SpotCheckRate;
            single = !spotCheck;
        }
        var resultId = Secrets.NewId();
        var deadline = now.AddSeconds(unit.DeadlineSeconds);
        await tx.ExecAsync("""
            INSERT INTO results (id, unit_id, host_id, account, state, spot_check, sent_at, deadline)
            VALUES (@id, @u, @h, @a, @s, @spot, @t, @d)
            """,
            ("@id", resultId), ("@u", unit.UnitId), ("@h", host.HostId), ("@a", host.Account), ("@s", ResultState.InProgress),
            ("@spot", spotCheck), ("@t", now.ToUnixTimeMilliseconds()), ("@d", deadline.ToUnixTimeMilliseconds()));
        // A single-replica unit (adaptive replication) needs this one result only.
        // The stored signature comes back only for the unit leased, not with every candidate: it is
        // the largest column of a unit (≈ 2 KB), and most candidates are looked at and left.
        var stored = (await tx.QueryAsync("""
            UPDATE units SET
                min_quorum = CASE WHEN @single = 1 THEN 1 ELSE min_quorum END,
                target_results = CASE WHEN @single = 1 THEN 1 ELSE target_results END,
                needed = CASE WHEN @single = 1 THEN 0 ELSE needed - 1 END,
                total_results = total_results + 1,
                state = CASE WHEN @single = 1 OR needed - 1 <= 0 THEN @inprogress ELSE state END
            WHERE id = @u
            RETURNING signed_manifest, manifest_valid_until
            """, r => (Signed: r.NullableString(0), ValidUntil: r.NullableInt64(1)),
            ("@single", single), ("@inprogress", Shared.Protocol.Grid.UnitState.InProgress), ("@u", unit.UnitId))).Single();
        var outputs = JsonSerializer.Deserialize(unit.Outputs, StorageJson.Default.StringArray)!;
        // A manifest signed for an earlier replica is reused while its signed deadline covers this one's.
        var signed = stored.ValidUntil >= deadline.ToUnixTimeMilliseconds() ? stored.Signed : null;
        return new DispatchedUnit(resultId, unit.UnitId, unit.CampaignId, unit.Kind, unit.KindVersion, unit.Parameters,
            unit.Inputs, outputs, now, deadline, signed);
    }

    private sealed record Candidate(
        string UnitId, string CampaignId, string Kind, int KindVersion, string Parameters, string Outputs,
        double DeadlineSeconds, int TotalResults, int TargetResults, bool AdaptiveReplication)
    {
        public List<DispatchedInput> Inputs { get; } = [];
    }
}
