using System.Net;
using System.Security.Cryptography;
using VolunteerGrid.Shared.Protocol.Grid;

namespace VolunteerGrid.Tests.Grid;

/// <summary>Coordinator-side faults and upload checks, against the coordinator as a separate process.</summary>
[Trait("Category", "Integration")]
public sealed class CoordinatorProcessFaultTests
{
    [Fact]
    public async Task CoordinatorKilledMidCampaignThenRestarted_CompletesWithIdenticalOutputAndNoDuplicates()
    {
        using var grid = await GridScenario.StartAsync();
        var campaign = await grid.SubmitFofAsync(subvolumes: 1);
        foreach (var name in new[] { "agent-a", "agent-b", "agent-c" })
            grid.StartAgent(name);

        // Kill -9 once the subvolume unit is validated and the catalogue is still to come.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (grid.Scalar("SELECT COUNT(*) FROM units WHERE campaign_id = @c AND state = @s", ("@c", campaign), ("@s", (int)UnitState.Done)) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no unit was validated within 60 s\n" + grid.Diagnostics());
            await Task.Delay(50);
        }
        await grid.KillAndRestartCoordinatorAsync();
        Assert.NotEqual(CampaignState.Completed, (await grid.Api.CampaignAsync(campaign)).State);

        var summary = await grid.WaitFinishedAsync(campaign);

        Assert.True(summary.State == CampaignState.Completed, GridApi.Describe(summary) + "\n" + grid.Diagnostics());
        await grid.AssertProductsEqualLocalAsync(campaign);
        Assert.All(await grid.AgreeingHostsAsync(campaign), hosts => Assert.Equal(2, hosts.Distinct().Count()));
        Assert.Equal(1, grid.Scalar("SELECT COUNT(*) FROM campaigns"));
        Assert.Equal(2, grid.Scalar("SELECT COUNT(*) FROM units WHERE campaign_id = @c", ("@c", campaign)));
        Assert.Equal(0, grid.Scalar("SELECT COUNT(*) FROM (SELECT unit_id, host_id FROM results GROUP BY unit_id, host_id HAVING COUNT(*) > 1)"));
        Assert.Equal(0, grid.Scalar("SELECT COUNT(*) FROM (SELECT unit_id FROM results WHERE state = @v GROUP BY unit_id HAVING COUNT(*) > 2)", ("@v", (int)ResultState.Valid)));
        Assert.Equal(FofSnapshot.Products.Length, grid.Scalar("SELECT COUNT(*) FROM products"));
        Assert.Equal(1, grid.Scalar("SELECT COUNT(*) FROM provenance"));
        // The content-addressed store holds each file once, under its own hash, and nothing half-written.
        var stored = Directory.EnumerateFiles(Path.Combine(grid.DataDirectory, "files"), "*", SearchOption.AllDirectories)
            .Where(p => Path.GetFileName(Path.GetDirectoryName(p)) != "incoming").ToList();
        Assert.All(stored, p => Assert.Equal(Path.GetFileName(p), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(p)))));
        // Every recorded file is in the folder or, when small, inline in the database (file_chunks).
        Assert.All(stored, p => Assert.Equal(1, grid.Scalar("SELECT COUNT(*) FROM files WHERE sha256 = @h", ("@h", Path.GetFileName(p)))));
        var inlineOnly = grid.Scalar("SELECT COUNT(*) FROM files f WHERE EXISTS (SELECT 1 FROM file_chunks c WHERE c.sha256 = f.sha256)")
            - stored.Count(p => grid.Scalar("SELECT COUNT(*) FROM file_chunks WHERE sha256 = @h", ("@h", Path.GetFileName(p))) > 0);
        Assert.Equal(stored.Count + inlineOnly, grid.Scalar("SELECT COUNT(*) FROM files"));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(grid.DataDirectory, "files", "incoming")));
    }

    [Fact]
    public async Task HostUploadingForAUnitNotAssignedToIt_IsForbiddenAndNothingIsStored()
    {
        using var grid = await GridScenario.StartAsync();
        await grid.SubmitFofAsync(subvolumes: 1);
        using var owner = await ProtocolHost.RegisterAsync(grid.Coordinator.Url, "owner");
        using var intruder = await ProtocolHost.RegisterAsync(grid.Coordinator.Url, "intruder");
        var assignment = Assert.Single(await owner.RequestWorkAsync());
        var output = (await owner.ManifestAsync(assignment)).Outputs[0].Name;
        var forged = RandomNumberGenerator.GetBytes(4096);

        var put = await intruder.PutOutputAsync(assignment.ResultId, output, forged);
        var complete = await intruder.CompleteAsync(assignment.ResultId, [(output, forged)]);

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, complete.StatusCode);
        AssertNothingStored(grid, forged);
        Assert.Equal(1, grid.Scalar("SELECT COUNT(*) FROM results WHERE id = @r AND state = @s", ("@r", assignment.ResultId), ("@s", (int)ResultState.InProgress)));
    }

    [Fact]
    public async Task UploadLargerThanDeclaredOrWithAnotherHash_IsRejectedAndNothingIsStored()
    {
        using var grid = await GridScenario.StartAsync();
        await grid.SubmitFofAsync(subvolumes: 1);
        using var host = await ProtocolHost.RegisterAsync(grid.Coordinator.Url, "sloppy");
        var assignment = Assert.Single(await host.RequestWorkAsync());
        var output = (await host.ManifestAsync(assignment)).Outputs[0].Name;
        var oversized = RandomNumberGenerator.GetBytes(64 * 1024);
        var misdeclared = RandomNumberGenerator.GetBytes(4096);

        var tooLarge = await host.PutOutputAsync(assignment.ResultId, output, oversized, declaredSize: 1024);
        var wrongHash = await host.PutOutputAsync(assignment.ResultId, output, misdeclared, declaredSha256: ProtocolHost.Sha256(RandomNumberGenerator.GetBytes(4096)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrongHash.StatusCode);
        Assert.Contains("application/problem+json", wrongHash.Content.Headers.ContentType?.ToString() ?? "", StringComparison.Ordinal);
        AssertNothingStored(grid, oversized);
        AssertNothingStored(grid, misdeclared);
        // The honest upload still goes through afterwards: the rejections left no half state behind.
        var honest = RandomNumberGenerator.GetBytes(2048);
        Assert.Equal(HttpStatusCode.OK, (await host.PutOutputAsync(assignment.ResultId, output, honest)).StatusCode);
        Assert.Equal(1, grid.Scalar("SELECT COUNT(*) FROM result_outputs WHERE result_id = @r", ("@r", assignment.ResultId)));
    }

    private static void AssertNothingStored(GridScenario grid, byte[] body)
    {
        var sha = ProtocolHost.Sha256(body);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(grid.DataDirectory, "files"), sha, SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(grid.DataDirectory, "files", "incoming")));
        Assert.Equal(0, grid.Scalar("SELECT COUNT(*) FROM files WHERE sha256 = @h", ("@h", sha)));
        Assert.Equal(0, grid.Scalar("SELECT COUNT(*) FROM result_outputs"));
    }
}
