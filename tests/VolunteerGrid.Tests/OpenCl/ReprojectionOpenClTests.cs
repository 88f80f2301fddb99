using VolunteerGrid.Shared.Wcs;
using VolunteerGrid.Tests.Mosaic;
using VolunteerGrid.WorkUnits.Background;
using VolunteerGrid.WorkUnits.Mosaic;
using VolunteerGrid.WorkUnits.Reprojection;
using VolunteerGrid.WorkUnits.Reprojection.OpenCl;
using Xunit.Abstractions;

namespace VolunteerGrid.Tests.OpenCl;

public sealed class ReprojectionOpenClTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("TAN", 37, 53, 1.0, 3.0)]    // odd sizes, TAN→TAN (exact homography)
    [InlineData("TAN", 128, 96, 0.7, -31.0)] // finer input than output, strongly rotated
    [InlineData("TAN", 61, 45, 2.3, 12.0)]   // coarser input: each input pixel covers several outputs
    [InlineData("ZEA", 101, 77, 1.0, 5.0)]   // non-TAN input: candidate map with a margin
    public void FastReprojection_OpenClVersusCpu_AgreeWithinComparerTolerance(string projection, int width, int height, double scale, double rotation)
    {
        var request = PoclDevice.OpenClRequest();
        var generator = new SkyFieldGenerator(seed: width + height);
        var header = SkyFieldGenerator.Header(projection, SkyFieldGenerator.CentreRa, SkyFieldGenerator.CentreDec, width, height, scale, rotation);
        var pixels = generator.Render(header, generator.Catalogue(30, 0.02), new BackgroundPlane(0.01, -0.02, 10), noise: 1);
        pixels[(height / 2 * width) + 3] = float.NaN; // a blank must stay blank in both
        var input = CelestialWcs.Create(header, "generated");
        var templateHeader = SkyFieldGenerator.Header("TAN", SkyFieldGenerator.CentreRa + 0.001, SkyFieldGenerator.CentreDec - 0.001, 211, 173, 1.0, -8.0);
        var template = TemplateGrid.FromHeader(templateHeader, "template");

        var cpu = Reprojector.ReprojectToFootprint(pixels, width, height, input, template, ReprojectionMethod.Fast);
        var gpu = DeviceReprojector.ReprojectToFootprint(pixels, width, height, input, template, ReprojectionMethod.Fast, request);

        Assert.NotNull(request.Used);
        Assert.Equal(cpu.Window, gpu.Window);
        var (valueDiff, areaDiff) = MaxRelativeDifferences(cpu, gpu);
        output.WriteLine($"{projection} {width}×{height}: max |Δvalue| {valueDiff:E2} of peak, max |Δarea| {areaDiff:E2} of peak area");
        Assert.True(valueDiff <= ProjectedImageComparer.PixelRelativeTolerance, $"values differ by {valueDiff:E2} of the peak");
        Assert.True(areaDiff <= ProjectedImageComparer.PixelRelativeTolerance, $"areas differ by {areaDiff:E2} of the peak area");
        var fluxCpu = Flux(cpu);
        var fluxGpu = Flux(gpu);
        Assert.True(Math.Abs(fluxCpu - fluxGpu) <= ProjectedImageComparer.FluxRelativeTolerance * Math.Abs(fluxCpu), $"flux {fluxCpu:R} vs {fluxGpu:R}");
    }

    [Fact]
    public void DeviceReprojector_ExactMethod_RunsOnCpu()
    {
        var request = PoclDevice.OpenClRequest();
        var header = SkyFieldGenerator.Header("TAN", SkyFieldGenerator.CentreRa, SkyFieldGenerator.CentreDec, 20, 20, 1.0, 0);
        var input = CelestialWcs.Create(header, "generated");
        var template = TemplateGrid.FromHeader(header, "template");
        var pixels = Enumerable.Range(0, 400).Select(i => (float)i).ToArray();

        var projected = DeviceReprojector.ReprojectToFootprint(pixels, 20, 20, input, template, ReprojectionMethod.Exact, request);

        Assert.Null(request.Used);
        Assert.Equal(Reprojector.ReprojectToFootprint(pixels, 20, 20, input, template, ReprojectionMethod.Exact).Values, projected.Values);
    }

    internal static (double Value, double Area) MaxRelativeDifferences(ProjectedImage a, ProjectedImage b)
    {
        double peak = 0, areaPeak = 0, value = 0, area = 0;
        for (var i = 0; i < a.Values.Length; i++)
        {
            Assert.True(float.IsNaN(a.Values[i]) == float.IsNaN(b.Values[i]), $"pixel {i}: blank in one result only");
            if (!float.IsNaN(a.Values[i]))
            {
                peak = Math.Max(peak, Math.Abs(a.Values[i]));
                value = Math.Max(value, Math.Abs(a.Values[i] - b.Values[i]));
            }
            areaPeak = Math.Max(areaPeak, a.Area[i]);
            area = Math.Max(area, Math.Abs(a.Area[i] - b.Area[i]));
        }
        return (value / peak, area / areaPeak);
    }

    private static double Flux(ProjectedImage image)
    {
        double sum = 0;
        for (var i = 0; i < image.Values.Length; i++)
        {
            if (!float.IsNaN(image.Values[i]))
                sum += image.Values[i] * image.Area[i];
        }
        return sum;
    }
}
