using System.Text.Json;
using VolunteerGrid.Shared.Fits;
using VolunteerGrid.Tests.CcdReduction;
using VolunteerGrid.Tests.Cli;
using VolunteerGrid.Tests.Mosaic;
using VolunteerGrid.Tests.Wavelets;

namespace VolunteerGrid.Tests.Grid;

/// <summary>
/// Each science kind run as a campaign over real processes (coordinator, three agents, quorum 2)
/// through the scientist's CLI, against the same kind run locally by its standalone command.
/// </summary>
[Trait("Category", "Integration")]
public sealed class KindCampaignGridTests(KindCampaignGrid grid) : IClassFixture<KindCampaignGrid>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vgrid-kind-grid-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task MosaicCampaign_BgMatchedQuorumTwo_EqualsLocalVgridMosaicAndEveryUnitAgreedByTwoHosts()
    {
        using var field = new MosaicTestField();
        var fetched = Path.Combine(_dir, "grid");
        await grid.SubmitWatchFetchAsync(fetched, "mosaic", "--images", field.ImageDirectory, "--header", field.TemplatePath, "--bg-match", "--method", "fast");

        var local = Path.Combine(_dir, "local.fits");
        var (code, _, err) = await CliRunner.RunAsync("mosaic", field.ImageDirectory, field.TemplatePath, local, "--bg-match", "--method", "fast");
        Assert.True(code == 0, $"local vgrid mosaic failed: {err}");

        // The kind's slicing is exact (MosaicCampaignTests): the grid's mosaic is the local one bit for bit.
        AssertSameImage(Path.Combine(fetched, "mosaic.fits"), local, float32: true);
        AssertSameImage(Path.Combine(fetched, "mosaic_area.fits"), Path.Combine(_dir, "local_area.fits"), float32: false);
        var units = AssertEveryUnitAgreedByTwoDistinctAgents(fetched);
        Assert.Equal(MosaicTestField.ImageCount, units.Count(u => u == "mosaic.project"));
        Assert.Contains("mosaic.bgmodel", units);
        Assert.Contains("mosaic.coadd", units);
    }

    [Fact]
    public async Task ReduceCampaign_QuorumTwo_WritesTheSameFilesAsLocalVgridReduce()
    {
        var raw = Directory.CreateDirectory(Path.Combine(_dir, "raw")).FullName;
        var files = SyntheticNightFiles.Write(SyntheticNight.Generate(new SyntheticNightOptions
        {
            Ccds = 2,
            DataWidth = 40,
            DataHeight = 32,
            OverscanWidth = 8,
            Biases = 3,
            Darks = 2,
            Flats = 3,
            Sciences = 2,
            StarsPerFrame = 3,
        }), raw);
        var fetched = Path.Combine(_dir, "grid");
        // Science frames first: --flat takes every value that follows it.
        await grid.SubmitWatchFetchAsync(fetched, ["reduce", .. files.Science, "--bias", .. files.Bias, "--dark", .. files.Dark, "--flat", .. files.Flat]);

        var local = Path.Combine(_dir, "local");
        var (code, _, err) = await CliRunner.RunAsync(["reduce", "--bias", .. files.Bias, "--dark", .. files.Dark, "--flat", .. files.Flat, "--out", local, .. files.Science]);
        Assert.True(code == 0, $"local vgrid reduce failed: {err}");

        var localFiles = Directory.EnumerateFiles(local, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(local, f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Contains("sci1.fits", localFiles);
        Assert.Contains(Path.Combine("masters", "flat-R.fits"), localFiles);
        foreach (var file in localFiles)
        {
            var gridFile = Path.Combine(fetched, file);
            Assert.True(File.Exists(gridFile), $"the grid campaign has no {file}");
            Assert.True(File.ReadAllBytes(gridFile).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(local, file))), $"{file} differs between the grid and the local run");
        }
        var units = AssertEveryUnitAgreedByTwoDistinctAgents(fetched);
        Assert.Equal(2 + 2 * 2, units.Count);
    }

    [Fact]
    public async Task DenoiseCampaign_TiledQuorumTwo_EqualsLocalVgridDenoise()
    {
        var (_, noisy) = SyntheticSky.Make(130, 150, 0.03, seed: 11);
        noisy[60, 70] = double.NaN;
        var image = Path.Combine(_dir, "sky.fits");
        using (var w = FitsWriter.Create(image))
            w.WriteImage<double>(noisy.Data, [150, 130], new FitsHeader().Set("OBJECT", "grid denoise"));
        var fetched = Path.Combine(_dir, "grid");
        await grid.SubmitWatchFetchAsync(fetched, "denoise", image, "--wavelet", "db2", "--cycle-spin", "1", "--tile-size", "64");

        var local = Path.Combine(_dir, "local.fits");
        var (code, _, err) = await CliRunner.RunAsync("denoise", image, local, "--wavelet", "db2", "--cycle-spin", "1");
        Assert.True(code == 0, $"local vgrid denoise failed: {err}");

        AssertSameImage(Path.Combine(fetched, "denoised.fits"), local, float32: true);
        var units = AssertEveryUnitAgreedByTwoDistinctAgents(fetched);
        Assert.True(units.Count >= 1 + 6, $"expected a stats unit and at least 6 tiles, got {units.Count} units");
    }

    internal static void AssertSameImage(string grid, string local, bool float32)
    {
        Assert.True(File.Exists(grid), $"{grid} was not fetched");
        using var g = FitsFile.Open(grid);
        using var l = FitsFile.Open(local);
        if (float32)
        {
            var a = g.ReadImageFloat32(0);
            var b = l.ReadImageFloat32(0);
            Assert.Equal(b.Axes, a.Axes);
            Assert.True(a.Pixels.AsSpan().SequenceEqual(b.Pixels), $"{Path.GetFileName(grid)}: grid pixels differ from the local run");
            Assert.True(a.Pixels.Count(float.IsFinite) > a.Pixels.Length / 4, $"{Path.GetFileName(grid)} is mostly blank");
        }
        else
        {
            var a = g.ReadImageFloat64(0);
            var b = l.ReadImageFloat64(0);
            Assert.Equal(b.Axes, a.Axes);
            Assert.True(a.Pixels.AsSpan().SequenceEqual(b.Pixels), $"{Path.GetFileName(grid)}: grid pixels differ from the local run");
        }
    }

    /// <summary>Every unit in provenance.json was agreed by exactly two distinct agents of this grid; returns the unit kinds.</summary>
    private static List<string> AssertEveryUnitAgreedByTwoDistinctAgents(string fetched)
    {
        using var provenance = JsonDocument.Parse(File.ReadAllText(Path.Combine(fetched, "provenance.json")));
        var kinds = new List<string>();
        foreach (var unit in provenance.RootElement.GetProperty("units").EnumerateArray())
        {
            var hosts = unit.GetProperty("hosts").EnumerateArray().Select(h => h.GetString()!).ToArray();
            var id = unit.GetProperty("id").GetString();
            Assert.True(hosts.Length == 2 && hosts.Distinct().Count() == 2, $"unit {id}: agreed by [{string.Join(", ", hosts)}], expected two distinct hosts");
            Assert.All(hosts, h => Assert.Contains(h, KindCampaignGrid.AgentNames));
            kinds.Add(unit.GetProperty("kind").GetString()!);
        }
        Assert.NotEmpty(kinds);
        return kinds;
    }
}
