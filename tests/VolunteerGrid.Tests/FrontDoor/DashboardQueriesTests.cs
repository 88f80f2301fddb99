using System.Buffers.Binary;
using System.Text.Json;
using VolunteerGrid.Coordinator;
using VolunteerGrid.Coordinator.Dashboard;
using VolunteerGrid.Coordinator.Security;
using VolunteerGrid.Coordinator.Storage;
using VolunteerGrid.Shared.Fits;
using VolunteerGrid.Shared.Protocol.Grid;
using VolunteerGrid.Tests.Coordinator;
using VolunteerGrid.WorkUnits.Contract;

namespace VolunteerGrid.Tests.FrontDoor;

/// <summary>The dashboard's read model on a fake clock: throughput buckets, agreement, leaderboard, visibility, previews, forms.</summary>
[Trait("Category", "Integration")]
public sealed class DashboardQueriesTests
{
    private static readonly Caller Admin = new("admin", ApiRole.Admin);
    private static readonly Caller Bob = new("bob", ApiRole.Scientist);

    [Fact]
    public async Task Throughput_ResultsReportedNow_CountedInTheLastBucketAndGoneAfterAnHour()
    {
        await using var grid = await TestGrid.StartAsync();
        var id = await grid.SubmitSumAsync([1, 2, 3, 4, 5, 6], chunk: 2);
        await grid.RunUntilFinishedAsync(id, [await grid.RegisterAsync("a"), await grid.RegisterAsync("b")]);
        var results = await grid.CountAsync("SELECT COUNT(*) FROM results WHERE reported_at IS NOT NULL");
        var units = await grid.CountAsync("SELECT COUNT(*) FROM units WHERE state = @d", ("@d", UnitState.Done));
        var queries = grid.Get<DashboardQueries>();

        var series = await queries.ThroughputAsync(TimeSpan.FromHours(1), 60, CancellationToken.None);

        Assert.Equal(60, series.BucketSeconds);
        Assert.Equal(60, series.Points.Count);
        Assert.True(results > 0 && units > 0);
        Assert.Equal(results, series.Points.Sum(p => p.Results));
        Assert.Equal(units, series.Points.Sum(p => p.Units));
        Assert.Equal(results, series.Points[^1].Results);
        // The fake clock sits on a whole minute: the current bucket has run 0 s, rated over at least 1 s.
        Assert.Equal(results, series.Points[^1].ResultsPerSecond);

        grid.Time.Advance(TimeSpan.FromMinutes(61));
        var later = await queries.ThroughputAsync(TimeSpan.FromHours(1), 60, CancellationToken.None);
        Assert.All(later.Points, p => Assert.Equal(0, p.Results + p.Units));
    }

    [Fact]
    public async Task Overview_SaboteurAmongHosts_AgreementAndLeaderboardCountOnlyValidatedWork()
    {
        await using var grid = await TestGrid.StartAsync();
        var id = await grid.SubmitSumAsync([1, 2, 3, 4], chunk: 2, new QuorumPolicy(MinQuorum: 2, TargetResults: 2, MaxTotalResults: 6, MaxErrorResults: 3));
        await grid.RunUntilFinishedAsync(id, [await grid.RegisterAsync("honest-1", "ann"), await grid.RegisterAsync("honest-2"), await grid.RegisterAsync("saboteur")],
            new HashSet<string> { "saboteur" });
        var valid = await grid.CountAsync("SELECT COUNT(*) FROM results WHERE state = @s", ("@s", ResultState.Valid));
        var invalid = await grid.CountAsync("SELECT COUNT(*) FROM results WHERE state = @s", ("@s", ResultState.Invalid));

        var overview = await grid.Get<DashboardQueries>().OverviewAsync(Admin, CancellationToken.None);

        Assert.True(invalid > 0, "the saboteur was never caught");
        Assert.Equal(new AgreementRate(valid, invalid, (double)valid / (valid + invalid)), overview.Agreement);
        Assert.DoesNotContain(overview.Leaderboard, l => l.Host == "saboteur");
        Assert.Equal(valid, overview.Leaderboard.Sum(l => l.ValidResults));
        Assert.Equal([1, 2], overview.Leaderboard.Select(l => l.Rank));
        Assert.Equal("ann", overview.Leaderboard.Single(l => l.Host == "honest-1").Account);
        var saboteur = overview.Hosts.Single(h => h.Name == "saboteur");
        Assert.Equal(0.0, saboteur.Reliability);
        Assert.True(saboteur.Active);
        Assert.Equal(1.0, overview.Hosts.Single(h => h.Name == "honest-2").Reliability);
        var campaign = Assert.Single(overview.Campaigns);
        Assert.Equal(CampaignState.Completed, campaign.Campaign.State);
        Assert.False(campaign.CanCancel);
        Assert.Contains(campaign.Products, p => p.Name == "total.json" && !p.Previewable);
    }

    [Fact]
    public async Task Overview_OtherScientist_SeesPublicCampaignsOnlyAndNoAccounts()
    {
        await using var grid = await TestGrid.StartAsync();
        var secret = await grid.SubmitSumAsync([1, 2]);
        var shared = await grid.SubmitSumAsync([3, 4], isPublic: true);
        await grid.RegisterAsync("host", "volunteer-account");
        var queries = grid.Get<DashboardQueries>();

        var bob = await queries.OverviewAsync(Bob, CancellationToken.None);
        var alice = await queries.OverviewAsync(TestGrid.Alice, CancellationToken.None);
        var admin = await queries.OverviewAsync(Admin, CancellationToken.None);

        Assert.Equal([shared], bob.Campaigns.Select(c => c.Campaign.Id));
        Assert.False(bob.Campaigns[0].CanCancel);
        Assert.Equal(new[] { shared, secret }.Order(), alice.Campaigns.Select(c => c.Campaign.Id).Order());
        Assert.All(alice.Campaigns, c => Assert.True(c.CanCancel));
        Assert.Equal(2, admin.Campaigns.Count);
        Assert.Null(bob.Hosts.Single().Account);
        Assert.Equal("volunteer-account", admin.Hosts.Single().Account);
        Assert.Equal(new DashboardCaller("bob", ApiRole.Scientist), bob.Caller);
    }

    [Fact]
    public async Task Preview_WideFitsImage_IsBlockAveragedToMaxSideAndBrightensLeftToRight()
    {
        await using var grid = await TestGrid.StartAsync();
        const int width = 2048, height = 64;
        var pixels = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
                pixels[y * width + x] = x < 8 ? float.NaN : x;
        }
        var fits = Path.Combine(grid.Directory, "ramp.fits");
        using (var writer = FitsWriter.Create(fits))
            writer.WriteImage<float>(pixels, [width, height]);
        var sha = (await grid.Get<FileStore>().ImportAsync(fits, CancellationToken.None)).Sha256;

        var png = await grid.Get<PreviewRenderer>().PathOfPreviewAsync(sha, "ramp.fits", CancellationToken.None);
        var again = await grid.Get<PreviewRenderer>().PathOfPreviewAsync(sha, "ramp.fits", CancellationToken.None);

        Assert.Equal(png, again);
        var header = await File.ReadAllBytesAsync(png);
        Assert.Equal(PreviewRenderer.MaxSide, BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16)));
        Assert.Equal(height / 2, BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20)));
        var grey = PngEncoderTests.DecodeWithPython(png);
        var row = grey.AsSpan(0, PreviewRenderer.MaxSide).ToArray();
        Assert.Equal(0, row[0]); // blank (NaN) block
        for (var x = 5; x < row.Length; x++)
            Assert.True(row[x] >= row[x - 1], $"preview column {x} is darker than column {x - 1} on a left-to-right ramp");
        Assert.True(row[^1] > 200, "the brightest column is not near white");
    }

    [Fact]
    public async Task Preview_NotAFitsImage_Is400()
    {
        await using var grid = await TestGrid.StartAsync();
        var sha = await grid.UploadAsync("[1, 2, 3]"u8.ToArray());
        var e = await Assert.ThrowsAsync<GridException>(() => grid.Get<PreviewRenderer>().PathOfPreviewAsync(sha, "total.fits", CancellationToken.None));
        Assert.Equal(400, e.Status);
        Assert.Contains("total.fits", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SubmitForms_EveryFieldAndInputPath_ExistsInTheKindsDefaults()
    {
        Assert.Equal(["mosaic", "reduce", "fof", "denoise"], SubmitForms.All.Select(f => f.Kind));
        foreach (var form in SubmitForms.All)
        {
            Assert.True(KindRegistry.Default.TryGetCampaign(form.Kind, out _), $"{form.Kind} is not a registered campaign kind");
            var paths = form.Fields.Select(f => f.Path).Concat(form.Inputs.Where(i => i.ParameterPath is not null).Select(i => i.ParameterPath!));
            foreach (var path in paths)
            {
                var element = form.Defaults;
                foreach (var name in path.Split('.'))
                    Assert.True(element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out element), $"{form.Kind}: '{path}' is not in the kind's parameters");
            }
            foreach (var field in form.Fields.Where(f => f.Type == FormFieldType.Select))
                Assert.NotEmpty(field.Options!);
        }
    }

    [Fact]
    public void SubmitForms_DefaultsWithRequiredInputsNamed_PassTheKindsValidation()
    {
        foreach (var form in SubmitForms.All)
        {
            var parameters = System.Text.Json.Nodes.JsonNode.Parse(form.Defaults.GetRawText())!.AsObject();
            foreach (var input in form.Inputs.Where(i => i.ParameterPath is not null && i.Required))
                parameters[input.ParameterPath!] = new System.Text.Json.Nodes.JsonArray($"{input.Role}.fits");
            if (form.Kind == "fof")
                parameters["box"] = 100.0; // the one field with no sensible default
            using var document = JsonDocument.Parse(parameters.ToJsonString());
            KindRegistry.Default.TryGetCampaign(form.Kind, out var kind);
            var result = kind!.ValidateParameters(document.RootElement);
            Assert.True(result.IsValid, $"{form.Kind}: {string.Join("; ", result.Errors)}");
        }
    }
}
