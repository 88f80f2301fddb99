using System.Data.Common;
using System.Text.Json;
using VolunteerGrid.Coordinator.Campaigns;
using VolunteerGrid.Coordinator.Hosting;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Shared.Protocol;
using VolunteerGrid.Shared.Protocol.Grid;
using VolunteerGrid.WorkUnits.Contract;

namespace VolunteerGrid.Coordinator.Assembly;

/// <summary>
/// Finishes campaigns whose units all have canonical results: the campaign kind's assembler
/// writes products into a private temp folder, they go into the file store, and products,
/// provenance and the Completed state commit in one transaction (a crash before it simply
/// assembles again; content addressing makes the rerun idempotent).
/// </summary>
public sealed class CampaignAssembler(
    GridDatabase database, FileStore files, KindRegistry kinds, CoordinatorOptions options, TimeProvider time,
    ILogger<CampaignAssembler> logger)
{
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var ready = await database.ReadAsync(c => c.QueryAsync("SELECT id FROM campaigns WHERE state = @s ORDER BY created_at",
            r => r.GetString(0), ("@s", CampaignState.Assembling)), cancellationToken);
        foreach (var id in ready)
            await AssembleAsync(id, cancellationToken);
        return ready.Count;
    }

    private async Task AssembleAsync(string campaignId, CancellationToken cancellationToken)
    {
        var (campaign, units) = await database.ReadAsync(async c =>
        {
            var row = (await c.QueryAsync($"SELECT {CampaignRow.Columns} FROM campaigns WHERE id = @c", CampaignRow.Read, ("@c", campaignId)))[0];
            return (row, await AssembledUnit.LoadAllAsync(c, campaignId));
        }, cancellationToken);
        var folder = Path.Combine(options.TempDirectory, "assemble-" + Guid.NewGuid().ToString("N"));
        try
        {
            if (!kinds.TryGetCampaign(campaign.Kind, out var kind))
                throw new InvalidOperationException($"campaign kind '{campaign.Kind}' is not known to this coordinator");
            var plan = new CampaignPlan([.. units.Select(u => u.ToPlanned())]);
            var canonical = new CanonicalResults(units.ToDictionary(u => u.Key,
                u => new UnitResultFiles(new StoredFilePaths(files, u.CanonicalOutputs)),
                StringComparer.Ordinal));
            Directory.CreateDirectory(folder);
            using var parameters = JsonDocument.Parse(campaign.Parameters);
            await kind.AssembleAsync(parameters.RootElement, plan, canonical, folder, cancellationToken);
            var products = new List<ProductInfo>();
            // Products may sit in folders (a reduction's masters/): each keeps its relative path.
            foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var name = Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/');
                if (PlainFileName.ExplainRelativePath(name) is { } problem)
                    throw new InvalidOperationException($"campaign kind '{campaign.Kind}' wrote a product the grid cannot serve: {problem}");
                var stored = await files.ImportAsync(path, cancellationToken);
                products.Add(new ProductInfo(name, stored.Sha256, stored.Size));
            }
            await CompleteAsync(campaign, units, products, cancellationToken);
            logger.LogInformation("Campaign {CampaignId} completed with {Products} products", campaignId, products.Count);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Assembly of campaign {CampaignId} failed", campaignId);
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            await database.WriteAsync(tx => UnitLifecycle.FinishCampaignAsync(tx, campaignId, CampaignState.Failed, $"assembly failed: {e.Message}", now), cancellationToken);
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    private async Task CompleteAsync(CampaignRow campaign, IReadOnlyList<AssembledUnit> units, List<ProductInfo> products, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await database.WriteAsync(async tx =>
        {
            var state = (CampaignState)(await tx.ScalarAsync<long>($"SELECT state FROM campaigns WHERE id = @c {database.Dialect.RowLockClause}", ("@c", campaign.Id)));
            if (state != CampaignState.Assembling)
                return;
            foreach (var p in products)
            {
                await tx.ExecAsync("INSERT INTO products (campaign_id, name, sha256, size) VALUES (@c, @n, @h, @s) ON CONFLICT (campaign_id, name) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size",
                    ("@c", campaign.Id), ("@n", p.Name), ("@h", p.Sha256), ("@s", p.Size));
            }
            var agreed = await AgreedHostsAsync(tx, units);
            var document = ProvenanceWriter.Write(campaign with { FinishedAt = now }, products, units, agreed, kinds);
            await tx.ExecAsync("INSERT INTO provenance (campaign_id, document) VALUES (@c, @d) ON CONFLICT (campaign_id) DO UPDATE SET document = excluded.document",
                ("@c", campaign.Id), ("@d", document));
            await tx.ExecAsync("UPDATE campaigns SET state = @s, finished_at = @t WHERE id = @c",
                ("@s", CampaignState.Completed), ("@t", now), ("@c", campaign.Id));
            await GridEvents.WriteAsync(tx, campaign.Id, GridEvents.Info, $"completed: {products.Count} products", now);
        }, cancellationToken);
    }

    /// <summary>Names of the hosts whose results agreed on each unit's canonical result (for reused results: on the original).</summary>
    private static async Task<Dictionary<string, IReadOnlyList<string>>> AgreedHostsAsync(DbTransaction tx, IReadOnlyList<AssembledUnit> units)
    {
        var agreed = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var u in units)
        {
            // "+r.state" keeps SQLite's planner off the (state, deadline) index: with two equality
            // terms and no statistics it picked that one and scanned every valid result of the grid
            // per unit (~0.2 ms each on the single writer, growing with the database) instead of the
            // unit's few results (SQLite, "The Query Optimizer Overview": disqualifying WHERE
            // terms with unary "+"). PostgreSQL reads the unary plus as the identity.
            agreed[u.Id] = await tx.QueryAsync("""
                SELECT h.name FROM results r JOIN hosts h ON h.id = r.host_id
                WHERE r.unit_id = (SELECT unit_id FROM results WHERE id = @canonical) AND +r.state = @valid
                ORDER BY r.reported_at, r.id
                """, r => r.GetString(0), ("@canonical", u.CanonicalResultId), ("@valid", ResultState.Valid));
        }
        return agreed;
    }
}
