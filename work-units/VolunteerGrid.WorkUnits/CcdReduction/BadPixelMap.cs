using System.Runtime.CompilerServices;

namespace VolunteerGrid.WorkUnits.CcdReduction;

/// <summary>
/// Bad-pixel map of one CCD from its masters: cold and over-responsive pixels are outliers of the
/// master flat against its large-scale model; hot pixels are positive outliers of the master bias
/// (and of the dark rate when darks were given) beyond <see cref="BadPixelOptions.HotSigma"/> robust σ;
/// a column where most pixels are bad is flagged whole (dead or bad column). This mirrors IRAF
/// ccdmask's idea (local ratio against a smoothed image, sigma thresholds) on calibration masters.
/// </summary>
public static class BadPixelMap
{
    public static byte[] Build(CcdImage flat, CcdImage bias, CcdImage? darkRate, BadPixelOptions options, ParallelOptions? parallel = null)
    {
        if (!flat.SameShape(bias) || (darkRate is not null && !darkRate.SameShape(flat)))
            throw new CcdInputException($"masters differ in shape (flat {flat.Shape}, bias {bias.Shape}{(darkRate is null ? "" : $", dark {darkRate.Shape}")})");
        var map = new byte[flat.Length];
        FlagFlatOutliers(flat, options, map, parallel);
        FlagHot(bias, options, map, parallel);
        if (darkRate is not null)
            FlagHot(darkRate, options, map, parallel);
        FlagColumns(flat.Width, flat.Height, options.DeadColumnFraction, map);
        return map;
    }

    public static int CountFlagged(ReadOnlySpan<byte> map)
    {
        var n = 0;
        foreach (var b in map)
        {
            if (b != 0)
                n++;
        }
        return n;
    }

    private static void FlagFlatOutliers(CcdImage flat, BadPixelOptions options, byte[] map, ParallelOptions? parallel)
    {
        // The surface is compared row by row as it is interpolated: no surface frame is written.
        var mesh = BlockMedianSurface.Build(flat, options.SmoothingBox, parallel);
        var low = 1 - options.FlatLowThreshold;
        var high = 1 + options.FlatHighThreshold;
        Parallel.For(0, flat.Height, parallel ?? new ParallelOptions(), () => new float[flat.Width], (y, _, surface) =>
        {
            mesh.Row(y, surface);
            BadPixelRows.FlagFlat(flat.ReadRow(y), surface, low, high, map.AsSpan(y * flat.Width, flat.Width));
            return surface;
        }, _ => { });
    }

    // Runs once per frame over millions of pixels: JIT it optimised at once. Tier-0 code and OSR
    // lasted several runs when the machine was loaded (the background tier-up JIT starves).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FlagHot(CcdImage image, BadPixelOptions options, byte[] map, ParallelOptions? parallel)
    {
        // Each surface row is subtracted as it is interpolated: the residual is the only frame written.
        var mesh = BlockMedianSurface.Build(image, options.SmoothingBox, parallel);
        var residual = GC.AllocateUninitializedArray<float>(image.Length);
        Parallel.For(0, image.Height, parallel ?? new ParallelOptions(), y =>
        {
            var row = residual.AsSpan(y * image.Width, image.Width);
            mesh.Row(y, row);
            PixelMath.Difference(image.ReadRow(y), row, row);
        });
        // Every 7th residual sets the scale: ≥ 1e6 samples on a frame-sized CCD fix σ to ~0.1 %.
        var sigma = RobustStatistics.MadStdSampled(residual, residual.Length > 1 << 20 ? 7 : 1);
        if (!(sigma > 0))
            return;
        var limit = (float)(options.HotSigma * sigma);
        BadPixelRows.FlagHot(residual, limit, map);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FlagColumns(int width, int height, double fraction, byte[] map)
    {
        var threshold = (int)Math.Ceiling(fraction * height);
        // Counted row by row (sequential memory) rather than down each column (a cache line per pixel).
        var bad = new int[width];
        for (var y = 0; y < height; y++)
            BadPixelRows.CountNonZero(map.AsSpan(y * width, width), bad);
        var dead = new bool[width];
        var any = false;
        for (var x = 0; x < width; x++)
        {
            dead[x] = bad[x] >= threshold;
            any |= dead[x];
        }
        if (!any)
            return;
        for (var y = 0; y < height; y++)
        {
            var row = map.AsSpan(y * width, width);
            for (var x = 0; x < width; x++)
            {
                if (dead[x])
                    row[x] |= (byte)BadPixelFlags.DeadColumn;
            }
        }
    }
}
