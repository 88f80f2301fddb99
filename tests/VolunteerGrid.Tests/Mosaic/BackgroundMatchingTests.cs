using VolunteerGrid.Tests.Tables;
using VolunteerGrid.WorkUnits.Background;
using VolunteerGrid.WorkUnits.Mosaic;
using VolunteerGrid.WorkUnits.Reprojection;

namespace VolunteerGrid.Tests.Mosaic;

/// <summary>Background matching against Montage's full chain on the same 2MASS-like field.</summary>
[Trait("Category", "Integration")]
public sealed class BackgroundMatchingTests(MosaicTestField field, Xunit.Abstractions.ITestOutputHelper log) : IClassFixture<MosaicTestField>
{
    [Fact]
    public void Mosaic_BgMatch_MatchesMontageChainAndMismatchIsNoWorse()
    {
        var root = Path.Combine(field.Root, "montage");
        Directory.CreateDirectory(root);
        string P(string name) => Path.Combine(root, name);
        foreach (var d in new[] { "proj", "diff", "corr" })
            Directory.CreateDirectory(P(d));
        // Montage runs in the work folder on relative paths, as its tutorials do: mImgtbl records the
        // folder it is given in each fname, and mBgExec/mAdd use an absolute fname as it stands, ignoring
        // -p. Given an absolute proj/ folder, mAdd would co-add the uncorrected proj/ images, not corr/.
        void Montage(string tool, params string[] args) => ReferenceTool.Run($"/usr/bin/{tool}", args, root);
        Montage("mImgtbl", field.ImageDirectory, "raw.tbl");
        Montage("mProjExec", "-p", field.ImageDirectory, "raw.tbl", field.TemplatePath, "proj", "stats.tbl");
        Montage("mImgtbl", "proj", "images.tbl");
        Montage("mOverlaps", "images.tbl", "diffs.tbl");
        Montage("mDiffExec", "-p", "proj", "diffs.tbl", field.TemplatePath, "diff");
        Montage("mFitExec", "diffs.tbl", "fits.tbl", "diff");
        Montage("mBgModel", "images.tbl", "fits.tbl", "corrections.tbl");
        Montage("mBgExec", "-p", "proj", "images.tbl", "corrections.tbl", "corr");
        // -e: keep the template's exact size (a trimmed mAdd output is located through CRPIX, which is fragile).
        Montage("mAdd", "-e", "-p", "corr", "images.tbl", field.TemplatePath, "mosaic.fits");
        Assert.DoesNotContain(root, File.ReadAllText(P("images.tbl")), StringComparison.Ordinal);

        var template = TemplateGrid.Load(field.TemplatePath);
        var ours = MosaicPipeline.Run(field.Images, template, new MosaicOptions(ReprojectionMethod.Fast, BackgroundMatch: true));
        var montage = ProjectedImageFile.Read(P("mosaic.fits"), P("mosaic_area.fits"), template);

        // The background model fixes the global plane that no overlap constrains (the gauge) in its own
        // way (see BackgroundModel); Montage's relaxation leaves another. Compare after removing that
        // one global plane, fitted to the difference of the two mosaics.
        var gauge = DifferenceFitter.Fit(0, 1, ours.Mosaic, new ProjectedImage(montage.Window, montage.Values, montage.Area), template);
        var diffs = new List<double>();
        var raw = new List<double>();
        for (var i = 0; i < montage.Values.Length; i++)
        {
            var (x, y) = (montage.Window.X0 + (i % montage.Window.Width), montage.Window.Y0 + (i / montage.Window.Width));
            var v = ours.Mosaic.Values[(y * template.Width) + x];
            var r = montage.Values[i];
            if (float.IsFinite(v) && float.IsFinite(r) && montage.Area[i] > 0)
            {
                var g = gauge.Plane.At(x + 1 - template.Wcs.Definition.CrPix1, y + 1 - template.Wcs.Definition.CrPix2);
                diffs.Add(Math.Abs((v - g - r) / (double)r));
                raw.Add(Math.Abs((v - r) / (double)r));
            }
        }
        var median = ReprojectionReferenceTests.Median(diffs);
        log.WriteLine($"ours − Montage mosaic: global plane {gauge.Plane}; median |rel diff| raw {ReprojectionReferenceTests.Median(raw):E2}, after the plane {median:E2}");

        // Mismatch: rms of corrected differences over every overlap, ours and Montage's.
        var projected = ours.Used.Select(name => Project(Path.Combine(field.ImageDirectory, name), template)).ToList();
        var oursCorrected = projected.Select((p, i) => Corrected(p, ours.Corrections![i], template)).ToList();
        // mProjExec names its outputs hdu0_<name>; match them to ours by name.
        var montageCorrected = ours.Used.Select(name =>
        {
            var file = Directory.EnumerateFiles(P("corr"), "*" + name).Single(f => !f.EndsWith("_area.fits", StringComparison.Ordinal));
            return ProjectedImageFile.Read(file, ProjectedImageFile.AreaPathFor(file), template);
        }).ToList();
        var pairs = Overlaps.Find([.. projected.Select(p => p.Window)]);
        var rmsOurs = Mismatch(oursCorrected, pairs);
        var rmsMontage = Mismatch(montageCorrected, pairs);
        var rmsBefore = Mismatch(projected, pairs);
        log.WriteLine($"rms mismatch: before {rmsBefore:F4}, ours {rmsOurs:F4}, Montage {rmsMontage:F4}");

        // Measured 2.3e-4: what is left is the two background models (least squares here, relaxation
        // with dropped overlaps in mBgModel) differing by ~0.08 counts rms beyond the gauge plane.
        Assert.True(median <= 1e-3, $"median |relative difference| vs Montage's mosaic = {median:E2}");
        Assert.True(rmsOurs < rmsBefore / 10, $"matching did not reduce the mismatch enough ({rmsBefore} → {rmsOurs})");
        // Montage drops small or noisy overlaps before relaxing; we keep every fit. Measured: ours 0.2160,
        // Montage 0.2145 (+0.7 %); 2 % allowed.
        Assert.True(rmsOurs <= rmsMontage * 1.02, $"rms mismatch {rmsOurs} is worse than Montage's {rmsMontage}");
    }

    private static ProjectedImage Project(string path, TemplateGrid template)
    {
        var s = SourceImage.Load(path);
        return Reprojector.ReprojectToFootprint(s.Pixels, s.Width, s.Height, s.Wcs, template, ReprojectionMethod.Fast);
    }

    private static ProjectedImage Corrected(ProjectedImage p, BackgroundPlane plane, TemplateGrid template)
    {
        var values = (float[])p.Values.Clone();
        var w = p.Window;
        for (var i = 0; i < values.Length; i++)
            values[i] -= (float)plane.At(w.X0 + (i % w.Width) + 1 - template.Wcs.Definition.CrPix1, w.Y0 + (i / w.Width) + 1 - template.Wcs.Definition.CrPix2);
        return new ProjectedImage(w, values, p.Area);
    }

    /// <summary>
    /// Background mismatch: over every overlap, the median of the corrected difference in each 16×16
    /// block (medians ignore the sparse star residuals left by different pixel grids), rms over
    /// blocks. Noise-free backgrounds that match exactly give 0.
    /// </summary>
    private static double Mismatch(IReadOnlyList<ProjectedImage> images, IReadOnlyList<OverlapPair> pairs)
    {
        double sum = 0;
        long n = 0;
        foreach (var pair in pairs)
        {
            var d = DifferenceFitter.Difference(images[pair.Plus], images[pair.Minus]);
            var w = d.Window;
            for (var by = 0; by + 16 <= w.Height; by += 16)
            {
                for (var bx = 0; bx + 16 <= w.Width; bx += 16)
                {
                    var block = new List<double>();
                    for (var y = by; y < by + 16; y++)
                    {
                        for (var x = bx; x < bx + 16; x++)
                        {
                            if (float.IsFinite(d.Values[(y * w.Width) + x]))
                                block.Add(d.Values[(y * w.Width) + x]);
                        }
                    }
                    if (block.Count < 128)
                        continue;
                    var m = ReprojectionReferenceTests.Median(block);
                    sum += m * m;
                    n++;
                }
            }
        }
        return Math.Sqrt(sum / n);
    }
}
