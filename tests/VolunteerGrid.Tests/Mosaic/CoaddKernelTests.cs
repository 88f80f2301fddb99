using VolunteerGrid.Shared.Fits;
using VolunteerGrid.Tests.Tables;
using VolunteerGrid.WorkUnits.Background;
using VolunteerGrid.WorkUnits.Coadd;
using VolunteerGrid.WorkUnits.Mosaic;
using VolunteerGrid.WorkUnits.Reprojection;

namespace VolunteerGrid.Tests.Mosaic;

/// <summary>
/// The co-add row kernel (vectorised mean, scalar count and median) against the definition of mAdd's
/// modes computed pixel by pixel here, and the streaming mosaic writer against the in-memory co-add
/// written the ordinary way.
/// </summary>
public sealed class CoaddKernelTests
{
    // Odd widths and offsets so the vector loops' tails and every alignment are exercised.
    private const int TemplateWidth = 203;
    private const int TemplateHeight = 77;

    [Theory]
    [InlineData(CoaddMethod.Mean)]
    [InlineData(CoaddMethod.Median)]
    [InlineData(CoaddMethod.Count)]
    public void Coadd_RandomImagesWithBlanksAndPlanes_EqualsPixelByPixelDefinition(CoaddMethod method)
    {
        var template = Template();
        var (images, planes) = RandomImages(new Random(7), template);

        var result = Coadder.Coadd(template.Whole, images, planes, template, method, new ParallelOptions { MaxDegreeOfParallelism = 2 });

        var (values, area) = Definition(template, images, planes, method);
        Assert.Equal(area, result.Area);
        Assert.Equal(values, result.Values);
        // The field has both covered and uncovered pixels, so both branches were compared.
        Assert.Contains(result.Values, float.IsNaN);
        Assert.Contains(result.Values, v => !float.IsNaN(v));
    }

    [Fact]
    public void Coadd_Tile_EqualsSameRowsOfWholeWindow()
    {
        var template = Template();
        var (images, planes) = RandomImages(new Random(11), template);
        var whole = Coadder.Coadd(template.Whole, images, planes, template, CoaddMethod.Mean);
        var tile = new PixelWindow(37, 20, 101, 30);

        var part = Coadder.Coadd(tile, images, planes, template, CoaddMethod.Mean);

        for (var row = 0; row < tile.Height; row++)
        {
            var from = ((tile.Y0 + row) * template.Width) + tile.X0;
            Assert.Equal(whole.Values.AsSpan(from, tile.Width).ToArray(), part.Values.AsSpan(row * tile.Width, tile.Width).ToArray());
            Assert.Equal(whole.Area.AsSpan(from, tile.Width).ToArray(), part.Area.AsSpan(row * tile.Width, tile.Width).ToArray());
        }
    }

    [Fact]
    public void MosaicFileWriter_RandomImages_WritesSameBytesAsInMemoryCoaddWrittenWhole()
    {
        using var work = new ReferenceTool.TempDirectory();
        var template = Template();
        var (images, planes) = RandomImages(new Random(3), template);
        var prepared = new PreparedMosaic(images, [.. images.Select((_, i) => $"img{i}")], [], [], planes);
        string[] history = ["test history"];
        var streamed = Path.Combine(work.Path, "streamed.fits");
        var whole = Path.Combine(work.Path, "whole.fits");

        MosaicFileWriter.Write(prepared, template, CoaddMethod.Mean, streamed, ProjectedImageFile.AreaPathFor(streamed), history,
            new ParallelOptions { MaxDegreeOfParallelism = 2 });
        ProjectedImageFile.Write(whole, ProjectedImageFile.AreaPathFor(whole), template,
            Coadder.Coadd(template.Whole, images, planes, template, CoaddMethod.Mean), history);

        Assert.Equal(File.ReadAllBytes(whole), File.ReadAllBytes(streamed));
        Assert.Equal(File.ReadAllBytes(ProjectedImageFile.AreaPathFor(whole)), File.ReadAllBytes(ProjectedImageFile.AreaPathFor(streamed)));
        using var f = FitsFile.Open(streamed);
        Assert.Equal(template.Width * template.Height, f.ReadImageFloat32(0).Pixels.Length);
    }

    private static TemplateGrid Template() =>
        TemplateGrid.FromHeader(SkyFieldGenerator.Header("TAN", 150, 2, TemplateWidth, TemplateHeight, 1.0, 0), "test template");

    // Images on random windows (some off the edges of the template, one empty row band), values with
    // NaNs, areas with zeros, and a random background plane each.
    private static (ProjectedImage[] Images, BackgroundPlane[] Planes) RandomImages(Random random, TemplateGrid template)
    {
        var images = new ProjectedImage[7];
        var planes = new BackgroundPlane[images.Length];
        for (var i = 0; i < images.Length; i++)
        {
            var x0 = random.Next(-20, template.Width - 30);
            var y0 = random.Next(-10, template.Height - 20);
            var window = new PixelWindow(Math.Max(0, x0), Math.Max(0, y0), random.Next(9, 140), random.Next(5, 50));
            var values = new float[window.PixelCount];
            var area = new double[window.PixelCount];
            for (var p = 0; p < values.Length; p++)
            {
                values[p] = random.NextDouble() < 0.05 ? float.NaN : (float)((random.NextDouble() * 200) - 50);
                area[p] = random.NextDouble() < 0.05 ? 0 : 2.35e-11 * (0.2 + random.NextDouble());
            }
            images[i] = new ProjectedImage(window, values, area);
            planes[i] = new BackgroundPlane((random.NextDouble() - 0.5) * 0.02, (random.NextDouble() - 0.5) * 0.02, (random.NextDouble() - 0.5) * 40);
        }
        return (images, planes);
    }

    // mAdd's modes by definition: per template pixel, the covering images in order, each value less its
    // plane at the pixel (Montage's plane coordinates: FITS pixel minus CRPIX).
    private static (float[] Values, double[] Area) Definition(TemplateGrid template, ProjectedImage[] images, BackgroundPlane[] planes, CoaddMethod method)
    {
        var values = new float[template.Width * template.Height];
        var area = new double[values.Length];
        var d = template.Wcs.Definition;
        for (var y = 0; y < template.Height; y++)
        {
            for (var x = 0; x < template.Width; x++)
            {
                double sumVW = 0, sumW = 0;
                var samples = new List<double>();
                for (var i = 0; i < images.Length; i++)
                {
                    var w = images[i].Window;
                    if (x < w.X0 || x >= w.X1 || y < w.Y0 || y >= w.Y1)
                        continue;
                    var p = ((y - w.Y0) * w.Width) + (x - w.X0);
                    var (a, v) = (images[i].Area[p], images[i].Values[p]);
                    if (!(a > 0) || float.IsNaN(v))
                        continue;
                    var corrected = v - planes[i].At(x + 1 - d.CrPix1, y + 1 - d.CrPix2);
                    sumVW += corrected * a;
                    sumW += a;
                    samples.Add(corrected);
                }
                var k = (y * template.Width) + x;
                area[k] = sumW;
                samples.Sort();
                var n = samples.Count;
                values[k] = n == 0 ? float.NaN : method switch
                {
                    CoaddMethod.Mean => (float)(sumVW / sumW),
                    CoaddMethod.Count => n,
                    _ => (float)(n % 2 == 1 ? samples[n / 2] : 0.5 * (samples[(n / 2) - 1] + samples[n / 2])),
                };
            }
        }
        return (values, area);
    }
}
