using System.Text.Json;
using VolunteerGrid.Coordinator.Duties;
using VolunteerGrid.Coordinator.Hosting;
using VolunteerGrid.Coordinator.Notifications;
using VolunteerGrid.Coordinator.Security;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Shared.Protocol.Grid;
using VolunteerGrid.WorkUnits.Contract;

namespace VolunteerGrid.Coordinator.Campaigns;

/// <summary>
/// Turns a submission into a campaign: the campaign kind validates the parameters and slices the
/// inputs (referenced by hash in the file store) into a DAG of units, stored in one transaction;
/// units whose inputs are known are activated at once, which reuses validated results by lineage.
/// </summary>
public sealed class CampaignSubmitter(
    GridDatabase database, FileStore files, KindRegistry kinds, CoordinatorOptions options, TimeProvider time,
    DutySignal signal, ILogger<CampaignSubmitter> logger)
{
    private const int MaxNameLength = 200;

    public async Task<string> SubmitAsync(Caller caller, SubmitCampaignRequest request, CancellationToken cancellationToken)
    {
        if (request is null)
            throw GridException.BadRequest("Send a JSON body with kind, parameters and inputs.");
        if (string.IsNullOrWhiteSpace(request.Kind) || !kinds.TryGetCampaign(request.Kind, out var kind))
        {
            var known = string.Join(", ", kinds.CampaignKinds.Select(k => k.Name).Order(StringComparer.Ordinal));
            throw GridException.BadRequest($"kind: '{request.Kind}' is not a campaign kind this coordinator knows; use one of: {known}.");
        }
        var checkedParameters = kind.ValidateParameters(request.Parameters);
        if (!checkedParameters.IsValid)
            throw GridException.BadRequest("parameters: " + string.Join("; ", checkedParameters.Errors));
        var quorum = request.Quorum ?? new QuorumPolicy();
        CheckQuorum(quorum);
        if (request.DeadlineSeconds is { } d && !(d > 0 && d <= 30 * 86400))
            throw GridException.BadRequest($"deadlineSeconds: {d} is out of range; give seconds in (0, 2592000] or leave it out to size deadlines from the work.");
        if (request.Name is { Length: > MaxNameLength })
            throw GridException.BadRequest($"name: at most {MaxNameLength} characters.");
        var inputs = CheckInputs(request.Inputs);
        var webhook = WebhookRegistration.Validate(request.Webhook, options.WebhooksToPrivateNetworks);

        var plan = await SliceAsync(kind, request.Parameters, inputs, cancellationToken);
        var units = PrepareUnits(plan, quorum, request.DeadlineSeconds);

        var id = Secrets.NewId();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await database.WriteAsync(async tx =>
        {
            await tx.ExecAsync($"""
                INSERT INTO campaigns ({CampaignRow.Columns}, min_quorum, target_results, max_total_results, max_error_results, deadline_seconds,
                    adaptive_replication)
                VALUES (@id, @kind, @kv, @name, @owner, @pub, @state, @prio, @params, @inputs, @t, NULL, NULL, @mq, @tr, @mt, @me, @dl, @ar)
                """,
                ("@id", id), ("@kind", kind.Name), ("@kv", kind.Version), ("@name", request.Name), ("@owner", caller.Owner),
                ("@pub", request.Public), ("@state", CampaignState.Running), ("@prio", request.Priority),
                ("@params", checkedParameters.CanonicalJson), ("@inputs", JsonSerializer.Serialize(inputs, StorageJson.Default.DictionaryStringString)),
                ("@t", now), ("@mq", quorum.MinQuorum), ("@tr", quorum.TargetResults), ("@mt", quorum.MaxTotalResults),
                ("@me", quorum.MaxErrorResults), ("@dl", request.DeadlineSeconds), ("@ar", quorum.AdaptiveReplication));
            await InsertUnitsAsync(tx, id, request.Priority, units, inputs, now);
            if (webhook is not null)
                await WebhookRegistration.InsertAsync(tx, id, webhook, now);
            await GridEvents.WriteAsync(tx, id, GridEvents.Info, $"submitted by {caller.Owner}: {units.Count} units of kind {kind.Name} v{kind.Version}", now);
            foreach (var unit in units.Where(u => u.Dependencies.Count == 0))
                await UnitLifecycle.ActivateAsync(tx, unit.Id, now);
        }, cancellationToken);
        logger.LogInformation("Campaign {CampaignId} ({Kind}) submitted by {Owner} with {Units} units", id, kind.Name, caller.Owner, units.Count);
        signal.Wake();
        return id;
    }

    private static void CheckQuorum(QuorumPolicy q)
    {
        if (q.MinQuorum < 1 || q.MinQuorum > 16)
            throw GridException.BadRequest($"quorum.minQuorum: {q.MinQuorum} is out of range; use 1 to 16.");
        if (q.TargetResults < q.MinQuorum || q.TargetResults > 32)
            throw GridException.BadRequest($"quorum.targetResults: {q.TargetResults} must be at least minQuorum ({q.MinQuorum}) and at most 32.");
        if (q.MaxTotalResults < q.TargetResults || q.MaxTotalResults > 64)
            throw GridException.BadRequest($"quorum.maxTotalResults: {q.MaxTotalResults} must be at least targetResults ({q.TargetResults}) and at most 64.");
        if (q.MaxErrorResults < 0 || q.MaxErrorResults > 64)
            throw GridException.BadRequest($"quorum.maxErrorResults: {q.MaxErrorResults} is out of range; use 0 to 64.");
    }

    private Dictionary<string, string> CheckInputs(IReadOnlyDictionary<string, string>? inputs)
    {
        var checkedInputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, sha256) in inputs ?? new Dictionary<string, string>())
        {
            if (!UnitFileNames.IsValid(name))
                throw GridException.BadRequest($"inputs: '{name}' is not a valid input name; use letters, digits, '.', '_' and '-'.");
            if (!FileStore.IsValidHash(sha256))
                throw GridException.BadRequest($"inputs.{name}: '{sha256}' is not a lower-case hex SHA-256; upload the file to {GridRoutes.Files} and use the returned sha256.");
            if (!files.Exists(sha256))
                throw GridException.BadRequest($"inputs.{name}: no stored file has SHA-256 {sha256}; upload it to {GridRoutes.Files} first.");
            checkedInputs[name] = sha256;
        }
        return checkedInputs;
    }

    private async Task<CampaignPlan> SliceAsync(ICampaignKind kind, JsonElement parameters, Dictionary<string, string> inputs, CancellationToken cancellationToken)
    {
        // Kinds see inputs under their campaign names (some look at extensions or list a folder),
        // so link each stored file into a private folder for the slicer.
        var folder = Path.Combine(options.TempDirectory, "slice-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var paths = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, sha256) in inputs)
            {
                var link = Path.Combine(folder, name);
                File.CreateSymbolicLink(link, files.PathOf(sha256));
                paths[name] = link;
            }
            return await Task.Run(() =>
            {
                try
                {
                    var plan = kind.Slice(parameters, new CampaignInputs(paths));
                    plan.EnsureValid();
                    if (plan.Units.Count == 0)
                        throw GridException.BadRequest($"The {kind.Name} campaign has no work for these inputs and parameters; check that the inputs are the files the kind expects.");
                    return plan;
                }
                catch (Exception e) when (e is not GridException and not OperationCanceledException)
                {
                    // A slicer fails on the caller's data (a missing input, an unreadable file):
                    // that is a 400 with the kind's own message, not a server error.
                    throw GridException.BadRequest($"The {kind.Name} campaign could not be sliced: {e.Message}");
                }
            }, cancellationToken);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private List<PreparedUnit> PrepareUnits(CampaignPlan plan, QuorumPolicy quorum, double? deadlineSeconds)
    {
        var ids = plan.Units.ToDictionary(u => u.Key, _ => Secrets.NewId(), StringComparer.Ordinal);
        var prepared = new List<PreparedUnit>(plan.Units.Count);
        var seq = 0;
        foreach (var unit in plan.TopologicalOrder())
        {
            if (!kinds.TryGetUnit(unit.Kind, out var unitKind))
                throw GridException.BadRequest($"The plan uses unit kind '{unit.Kind}', which this coordinator does not know.");
            var p = unitKind.ValidateParameters(unit.Parameters);
            if (!p.IsValid)
                throw GridException.BadRequest($"unit '{unit.Key}': " + string.Join("; ", p.Errors));
            var deadline = deadlineSeconds ?? options.DeadlineBaseSeconds + Math.Max(0, unit.EstimatedWork) * options.DeadlineSecondsPerWork;
            prepared.Add(new PreparedUnit(ids[unit.Key], seq++, unit, unitKind.Version, p.CanonicalJson!, deadline,
                [.. unit.Dependencies.Select(dep => ids[dep])], ids));
        }
        return prepared;
    }

    private static async Task InsertUnitsAsync(System.Data.Common.DbTransaction tx, string campaignId, int priority,
        List<PreparedUnit> units, Dictionary<string, string> inputs, long now)
    {
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var sha in inputs.Values.Distinct())
            sizes[sha] = await tx.ScalarAsync<long>("SELECT size FROM files WHERE sha256 = @h", ("@h", sha));
        foreach (var u in units)
        {
            await tx.ExecAsync("""
                INSERT INTO units (id, campaign_id, seq, unit_key, kind, kind_version, parameters, outputs, estimated_work, priority,
                    state, deps_remaining, min_quorum, target_results, max_total_results, max_error_results, deadline_seconds, adaptive_replication)
                SELECT @id, c.id, @seq, @key, @kind, @kv, @params, @outputs, @work, @prio, @state, @deps,
                    c.min_quorum, c.target_results, c.max_total_results, c.max_error_results, @dl, c.adaptive_replication
                FROM campaigns c WHERE c.id = @c
                """,
                ("@id", u.Id), ("@c", campaignId), ("@seq", u.Seq), ("@key", u.Planned.Key), ("@kind", u.Planned.Kind),
                ("@kv", u.KindVersion), ("@params", u.CanonicalParameters),
                ("@outputs", JsonSerializer.Serialize(u.Planned.Outputs.ToArray(), StorageJson.Default.StringArray)),
                ("@work", u.Planned.EstimatedWork), ("@prio", priority), ("@state", UnitState.Blocked),
                ("@deps", u.Dependencies.Count), ("@dl", u.DeadlineSeconds));
            foreach (var input in u.Planned.Inputs)
            {
                string? sha = null;
                long? size = null;
                if (input.FromCampaign is { } c)
                {
                    if (!inputs.TryGetValue(c, out var s))
                        throw GridException.BadRequest($"inputs: the plan needs campaign input '{c}' (for unit '{u.Planned.Key}'); add it to inputs.");
                    sha = s;
                    size = sizes[s];
                }
                await tx.ExecAsync(
                    "INSERT INTO unit_inputs (unit_id, name, campaign_input, from_unit_id, output, sha256, size) VALUES (@u, @n, @ci, @fu, @o, @h, @s)",
                    ("@u", u.Id), ("@n", input.Name), ("@ci", input.FromCampaign),
                    ("@fu", input.FromUnit is { } f ? u.UnitIds[f] : null), ("@o", input.Output), ("@h", sha), ("@s", size));
            }
            foreach (var dep in u.Dependencies)
                await tx.ExecAsync("INSERT INTO unit_dependencies (unit_id, depends_on) VALUES (@u, @d)", ("@u", u.Id), ("@d", dep));
        }
    }

    private sealed record PreparedUnit(
        string Id, int Seq, PlannedUnit Planned, int KindVersion, string CanonicalParameters, double DeadlineSeconds,
        IReadOnlyList<string> Dependencies, IReadOnlyDictionary<string, string> UnitIds);
}
