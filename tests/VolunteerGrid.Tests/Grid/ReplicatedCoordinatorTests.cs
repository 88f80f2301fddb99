using VolunteerGrid.Shared.Protocol.Grid;
using VolunteerGrid.Tests.Cli;
using VolunteerGrid.Tests.Mosaic;
using VolunteerGrid.Tests.Storage;

namespace VolunteerGrid.Tests.Grid;

/// <summary>
/// Scale-out (issue 11) with real processes: two coordinators on one PostgreSQL schema (file bytes
/// in the database, one project key folder), four agents spread over both, each agent given both
/// URLs. The campaign is a background-matched mosaic at quorum 2 (reprojection, difference fits,
/// background model and co-add units), submitted through the vgrid client as a scientist would.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReplicatedCoordinatorTests
{
    [Fact]
    public async Task CoordinatorKilledMidCampaign_OtherReplicaCompletesItIdenticallyWithoutDuplicates()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var field = new MosaicTestField();
        var dataA = Directory.CreateTempSubdirectory("vgrid-replica-a-").FullName;
        var dataB = Directory.CreateTempSubdirectory("vgrid-replica-b-").FullName;
        var agents = new List<AgentProcess>();
        CoordinatorProcess? a = null, b = null;
        try
        {
            // A short duty lease: B takes over A's duties (validation, assembly) 3 s after A dies.
            string[] shared = [.. database.CoordinatorArguments, "--files", "database", "--duty-lease-seconds", "3"];
            a = await CoordinatorProcess.StartAsync(dataA, idleRetrySeconds: 0.5, extraArgs: shared);
            b = await CoordinatorProcess.StartAsync(dataB, idleRetrySeconds: 0.5, extraArgs: [.. shared, "--keys", Path.Combine(dataA, "keys")]);
            using var apiA = new GridApi(a.Url, dataA);
            using var apiB = new GridApi(b.Url, dataB);
            var campaign = await KindCampaignGrid.SubmitAsync(a.Url, File.ReadAllText(Path.Combine(dataA, "admin.key")).Trim(),
                "mosaic", "--images", field.ImageDirectory, "--header", field.TemplatePath, "--bg-match");
            var viaA = $"{a.Url},{b.Url}";
            var viaB = $"{b.Url},{a.Url}";
            foreach (var (name, urls) in new[] { ("agent-a1", viaA), ("agent-a2", viaA), ("agent-b1", viaB), ("agent-b2", viaB) })
                agents.Add(AgentProcess.Start(urls, name));
            string Diagnostics() => $"--- coordinator A ---\n{Tail(a.Output)}\n--- coordinator B ---\n{Tail(b.Output)}\n" +
                string.Join("\n", agents.Select(x => $"--- {x.Name} ---\n{Tail(x.Output)}"));

            // kill -9 of A once some units are validated and others are still open.
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (await database.ScalarAsync($"SELECT COUNT(*) FROM units WHERE campaign_id = '{campaign}' AND state = {(int)UnitState.Done}") == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "no unit was validated within 90 s\n" + Diagnostics());
                await Task.Delay(50);
            }
            a.KillHard();
            Assert.NotEqual(CampaignState.Completed, (await apiB.CampaignAsync(campaign)).State);

            var summary = await apiB.WaitFinishedAsync(campaign, TimeSpan.FromSeconds(120), Diagnostics);

            Assert.True(summary.State == CampaignState.Completed, GridApi.Describe(summary) + "\n" + Diagnostics());
            // The same pixels as the local `vgrid mosaic`, which the single-coordinator grid tests also equal.
            var products = await apiB.ProductsAsync(campaign);
            Assert.Equal(["mosaic.fits", "mosaic_area.fits"], products.Select(p => p.Name).Order(StringComparer.Ordinal));
            var fetched = Path.Combine(dataB, "fetched");
            Directory.CreateDirectory(fetched);
            foreach (var product in products)
                await File.WriteAllBytesAsync(Path.Combine(fetched, product.Name), await apiB.ProductAsync(campaign, product.Name));
            var local = Path.Combine(dataB, "local.fits");
            var (localCode, _, localErr) = await CliRunner.RunAsync("mosaic", field.ImageDirectory, field.TemplatePath, local, "--bg-match", "--method", "fast");
            Assert.True(localCode == 0, $"local vgrid mosaic failed: {localErr}");
            KindCampaignGridTests.AssertSameImage(Path.Combine(fetched, "mosaic.fits"), local, float32: true);
            KindCampaignGridTests.AssertSameImage(Path.Combine(fetched, "mosaic_area.fits"), Path.Combine(dataB, "local_area.fits"), float32: false);
            using var provenance = await apiB.ProvenanceAsync(campaign);
            Assert.All(provenance.RootElement.GetProperty("units").EnumerateArray(),
                u => Assert.Equal(2, u.GetProperty("hosts").EnumerateArray().Select(h => h.GetString()).Distinct().Count()));
            // Checked in the database: no unit twice to one host, no result counted twice, no product twice.
            Assert.Equal(0, await database.ScalarAsync("SELECT COUNT(*) FROM (SELECT unit_id, host_id FROM results GROUP BY unit_id, host_id HAVING COUNT(*) > 1) d"));
            Assert.Equal(0, await database.ScalarAsync($"SELECT COUNT(*) FROM (SELECT unit_id FROM results WHERE state = {(int)ResultState.Valid} GROUP BY unit_id HAVING COUNT(*) <> 2) d"));
            Assert.Equal(0, await database.ScalarAsync("SELECT COUNT(*) FROM units u WHERE u.total_results <> (SELECT COUNT(*) FROM results r WHERE r.unit_id = u.id)"));
            Assert.Equal(0, await database.ScalarAsync($"SELECT COUNT(*) FROM units WHERE campaign_id = '{campaign}' AND state <> {(int)UnitState.Done}"));
            Assert.True(await database.ScalarAsync($"SELECT COUNT(*) FROM units WHERE campaign_id = '{campaign}' AND kind = 'mosaic.coadd'") >= 1);
            Assert.Equal(2, await database.ScalarAsync($"SELECT COUNT(*) FROM products WHERE campaign_id = '{campaign}'"));
            Assert.Equal(2, await database.ScalarAsync("SELECT COUNT(DISTINCT name) FROM products"));
            Assert.Equal(1, await database.ScalarAsync("SELECT COUNT(*) FROM provenance"));
            Assert.Equal(0, await database.ScalarAsync("SELECT COUNT(*) FROM files f WHERE NOT EXISTS (SELECT 1 FROM file_chunks c WHERE c.sha256 = f.sha256)"));
        }
        finally
        {
            foreach (var agent in agents)
                agent.Dispose();
            a?.Dispose();
            b?.Dispose();
            foreach (var folder in new[] { dataA, dataB })
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                    // A killed process may still be releasing a file; the temp folder is harmless.
                }
            }
        }
    }

    private static string Tail(string output) => output.Length <= 3000 ? output : output[^3000..];
}
