using VolunteerGrid.WorkUnits.Wavelets;
using VolunteerGrid.WorkUnits.Wavelets.OpenCl;

namespace VolunteerGrid.Tests.Wavelets;

public sealed class DenoiseTilingTests
{
    [Theory]
    [InlineData("db1", 0, 8)]
    [InlineData("db2", 0, 8)]
    [InlineData("db8", 0, 16)]
    [InlineData("sym5", 0, 24)]
    [InlineData("db3", 2, 8)]
    [InlineData("sym8", 1, 40)]
    public void DenoiseWindow_SmallTiles_BitIdenticalToWholeImage(string wavelet, int cycleSpin, int tile)
    {
        var (_, noisy) = SyntheticSky.Make(83, 110, 0.03, seed: 5);
        // A few blanks, one on an edge, to check the fill value is shared too.
        noisy[10, 10] = double.NaN;
        noisy[40, 0] = double.NaN;
        var settings = new DenoiseSettings(wavelet, CycleSpin: cycleSpin);
        var whole = WaveletDenoiser.Denoise(noisy, settings);
        var stats = WaveletDenoiser.ComputeStatistics(noisy, settings);
        var stitched = new Plane(noisy.Rows, noisy.Cols);
        foreach (var (r0, r1) in DenoiseTiling.Split(noisy.Rows, tile, stats.Levels))
        {
            foreach (var (c0, c1) in DenoiseTiling.Split(noisy.Cols, tile, stats.Levels))
            {
                var part = WaveletDenoiser.DenoiseWindow(noisy, settings, stats, new TileWindow(r0, c0, r1 - r0, c1 - c0));
                for (var r = r0; r < r1; r++)
                    part.Row(r - r0).CopyTo(stitched.Row(r).Slice(c0));
            }
        }
        for (var i = 0; i < whole.Data.Length; i++)
        {
            Assert.True(whole.Data[i].Equals(stitched.Data[i]),
                $"pixel ({i / noisy.Cols}, {i % noisy.Cols}): tiled {stitched.Data[i]:R} vs whole {whole.Data[i]:R}");
        }
    }

    [Theory]
    [InlineData("db2", 3, 16, 78)] // the benchmark's setting: 16 shifts
    [InlineData("db2", 3, 16, 77)] // odd width: shifts 2, 3 do their own row pass
    [InlineData("sym4", 2, 24, 78)]
    public void DenoiseWindow_NoBlanksCycleSpin_BitIdenticalToWholeImage(string wavelet, int cycleSpin, int tile, int cols)
    {
        // Without blanks a whole-image run shares the finest level's column pass across column
        // shifts (and, on even widths, most of the row pass between shifts two apart); tiles
        // decompose each shift on its own, full-width strips share it over their rows.
        var (_, noisy) = SyntheticSky.Make(90, cols, 0.03, seed: 17);
        var settings = new DenoiseSettings(wavelet, CycleSpin: cycleSpin);
        var whole = WaveletDenoiser.Denoise(noisy, settings);
        var stats = WaveletDenoiser.ComputeStatistics(noisy, settings);
        var tiled = new Plane(noisy.Rows, noisy.Cols);
        var strips = new Plane(noisy.Rows, noisy.Cols);
        foreach (var (r0, r1) in DenoiseTiling.Split(noisy.Rows, tile, stats.Levels))
        {
            foreach (var (c0, c1) in DenoiseTiling.Split(noisy.Cols, tile, stats.Levels))
                Stitch(tiled, WaveletDenoiser.DenoiseWindow(noisy, settings, stats, new TileWindow(r0, c0, r1 - r0, c1 - c0)), r0, c0);
            Stitch(strips, WaveletDenoiser.DenoiseWindow(noisy, settings, stats, new TileWindow(r0, 0, r1 - r0, noisy.Cols)), r0, 0);
        }
        AssertBitIdentical(whole, tiled, "tiles");
        AssertBitIdentical(whole, strips, "strips");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Denoise_ColumnShiftsInBatches_BitIdenticalToOneBatch(bool withBlank)
    {
        // Large images keep a few column shifts alive at a time and sum them in full-size planes;
        // a 1-byte budget forces that path (one shift per batch) on a small image.
        var (_, noisy) = SyntheticSky.Make(70, 95, 0.03, seed: 23);
        if (withBlank)
            noisy[30, 40] = double.NaN;
        var settings = new DenoiseSettings("db2", CycleSpin: 3);
        var oneBatch = WaveletDenoiser.Denoise(noisy, settings);
        var batched = WaveletDenoiser.DenoiseWithBatches(noisy, settings, CpuDwtEngine.Instance, columnShiftBatchBytes: 1);
        AssertBitIdentical(oneBatch, batched, "batched");
    }

    private static void Stitch(Plane into, Plane part, int r0, int c0)
    {
        for (var r = 0; r < part.Rows; r++)
            part.Row(r).CopyTo(into.Row(r0 + r).Slice(c0));
    }

    private static void AssertBitIdentical(Plane expected, Plane actual, string what)
    {
        for (var i = 0; i < expected.Data.Length; i++)
        {
            Assert.True(expected.Data[i].Equals(actual.Data[i]),
                $"{what}, pixel ({i / expected.Cols}, {i % expected.Cols}): {actual.Data[i]:R} vs whole {expected.Data[i]:R}");
        }
    }

    [Fact]
    public void DenoiseWindow_OddOffsetWindow_EqualsWholeImage()
    {
        // Windows need not be aligned: the read region is aligned, the window is cut from it.
        var (_, noisy) = SyntheticSky.Make(64, 70, 0.03, seed: 9);
        var settings = new DenoiseSettings("db4", ShrinkageMethod.VisuShrink, Levels: 2, CycleSpin: 1);
        var whole = WaveletDenoiser.Denoise(noisy, settings);
        var stats = WaveletDenoiser.ComputeStatistics(noisy, settings);
        var part = WaveletDenoiser.DenoiseWindow(noisy, settings, stats, new TileWindow(13, 29, 21, 41));
        for (var r = 0; r < part.Rows; r++)
        {
            for (var c = 0; c < part.Cols; c++)
                Assert.Equal(whole[13 + r, 29 + c], part[r, c]);
        }
    }

    [Fact]
    public void Statistics_PureNoise_SigmaNearTruthForEveryShift()
    {
        // MAD estimate of white Gaussian noise σ = 0.05 on 256² pixels: ±3 % is ~6 standard errors.
        var noise = new Plane(256, 256, [.. SyntheticSky.Noise(256 * 256, 11).Select(v => 0.05 * v)]);
        var stats = WaveletDenoiser.ComputeStatistics(noise, new DenoiseSettings("db2", CycleSpin: 1));
        Assert.Equal(4, stats.Shifts.Length);
        Assert.Equal(3, stats.Levels); // dwtn_max_level(256, db2) = floor(log2(256/3)) = 6, minus 3
        foreach (var shift in stats.Shifts)
            Assert.InRange(shift.Sigma, 0.0485, 0.0515);
    }
}
