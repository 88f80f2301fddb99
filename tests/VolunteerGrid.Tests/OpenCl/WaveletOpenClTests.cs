using VolunteerGrid.Tests.Wavelets;
using VolunteerGrid.WorkUnits.Wavelets;
using VolunteerGrid.WorkUnits.Wavelets.OpenCl;
using Xunit.Abstractions;

namespace VolunteerGrid.Tests.OpenCl;

public sealed class WaveletOpenClTests(ITestOutputHelper output)
{
    // The tile comparer's tolerance (DenoiseTileComparer): 1e-5 of the peak |value|.
    private const double Tolerance = 1e-5;

    [Theory]
    [InlineData(64, 64, "db1", ShrinkageMethod.BayesShrink, ThresholdMode.Soft, 0)]
    [InlineData(77, 131, "db2", ShrinkageMethod.BayesShrink, ThresholdMode.Soft, 0)] // odd sizes
    [InlineData(53, 48, "db4", ShrinkageMethod.VisuShrink, ThresholdMode.Hard, 0)]
    [InlineData(45, 67, "sym4", ShrinkageMethod.BayesShrink, ThresholdMode.Soft, 1)] // cycle spinning
    public void Denoise_OpenClVersusCpu_AgreeWithinTileTolerance(int rows, int cols, string wavelet, ShrinkageMethod method, ThresholdMode mode, int cycleSpin)
    {
        var request = PoclDevice.OpenClRequest();
        var (_, noisy) = SyntheticSky.Make(rows, cols, 0.05, seed: rows * cols);
        noisy[rows / 3, cols / 2] = double.NaN;
        var settings = new DenoiseSettings(wavelet, method, mode, CycleSpin: cycleSpin);

        var cpu = WaveletDenoiser.Denoise(noisy, settings);
        var gpu = DeviceWaveletDenoiser.Denoise(noisy, settings, request);

        Assert.NotNull(request.Used);
        var difference = MaxRelativeDifference(cpu, gpu);
        output.WriteLine($"{rows}×{cols} {wavelet} cycle-spin {cycleSpin}: max |Δ| {difference:E2} of peak");
        Assert.True(difference <= Tolerance, $"denoised images differ by {difference:E2} of the peak");
    }

    [Fact]
    public void DenoiseWindow_OpenClWithCpuStatistics_AgreesWithCpuTile()
    {
        var request = PoclDevice.OpenClRequest();
        var (_, noisy) = SyntheticSky.Make(96, 83, 0.05, seed: 5);
        var settings = new DenoiseSettings("db2", ShrinkageMethod.BayesShrink, ThresholdMode.Soft, CycleSpin: 1);
        var statistics = WaveletDenoiser.ComputeStatistics(noisy, settings);
        var gpuStatistics = DeviceWaveletDenoiser.ComputeStatistics(noisy, settings, request);
        var window = new TileWindow(17, 29, 41, 37);

        var cpu = WaveletDenoiser.DenoiseWindow(noisy, settings, statistics, window);
        var gpu = DeviceWaveletDenoiser.DenoiseWindow(noisy, settings, statistics, window, request);

        Assert.True(MaxRelativeDifference(cpu, gpu) <= Tolerance);
        for (var s = 0; s < statistics.Shifts.Length; s++)
            Assert.Equal(statistics.Shifts[s].Sigma, gpuStatistics.Shifts[s].Sigma, 12);
    }

    private static double MaxRelativeDifference(Plane a, Plane b)
    {
        Assert.Equal((a.Rows, a.Cols), (b.Rows, b.Cols));
        double peak = 0, worst = 0;
        for (var i = 0; i < a.Rows * a.Cols; i++)
        {
            Assert.True(double.IsNaN(a.Data[i]) == double.IsNaN(b.Data[i]), $"pixel {i}: blank in one result only");
            if (double.IsNaN(a.Data[i]))
                continue;
            peak = Math.Max(peak, Math.Abs(a.Data[i]));
            worst = Math.Max(worst, Math.Abs(a.Data[i] - b.Data[i]));
        }
        return worst / peak;
    }
}
