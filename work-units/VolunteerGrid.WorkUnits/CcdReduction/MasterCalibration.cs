namespace VolunteerGrid.WorkUnits.CcdReduction;

/// <summary>
/// Builds the per-CCD calibration masters from overscan-corrected, trimmed frames, in the order
/// and arithmetic of the usual ccdproc recipe (Craig et al., "CCD Data Reduction Guide", ch. 2–5):
/// bias = clipped combine of biases; dark rate = clipped combine of (dark − bias)/t;
/// flat = clipped combine of (flat − bias − rate·t)/median, normalised to median 1.
/// </summary>
public static class MasterCalibration
{
    /// <param name="biases">Overscan-corrected, trimmed bias frames.</param>
    /// <param name="readNoiseAdu">The estimate to carry (see <see cref="ReadNoise"/>), NaN if unknown.</param>
    /// <param name="clip">How the frames are combined.</param>
    /// <param name="parallel">Thread budget.</param>
    public static MasterBias BuildBias(IReadOnlyList<CcdImage> biases, double readNoiseAdu, SigmaClipOptions clip, ParallelOptions? parallel = null)
    {
        if (biases.Count == 0)
            throw new CcdInputException("no bias frames: give at least one --bias (two or more for a read-noise estimate)");
        return new MasterBias(FrameCombiner.Combine(biases, clip, parallel), readNoiseAdu, biases.Count);
    }

    /// <summary>Dark current in ADU per second (so any exposure scales it: ccdproc subtract_dark(scale=True)).</summary>
    public static CcdImage BuildDarkRate(IReadOnlyList<CcdImage> darks, IReadOnlyList<double> exposures, CcdImage bias, SigmaClipOptions clip, ParallelOptions? parallel = null)
    {
        if (darks.Count != exposures.Count)
            throw new ArgumentException("one exposure time per dark frame is required");
        var rates = new CcdImage[darks.Count];
        for (var i = 0; i < darks.Count; i++)
        {
            if (!(exposures[i] > 0))
                throw new CcdInputException($"dark frame {i + 1} has exposure time {exposures[i]} s; darks need EXPTIME > 0");
            rates[i] = Subtract(darks[i], bias, null, 0, (float)(1.0 / exposures[i]), parallel);
        }
        return FrameCombiner.Combine(rates, clip, parallel);
    }

    /// <summary>
    /// Master flat normalised to median 1. Each frame is divided by its own median first so lamp or
    /// twilight level changes do not bias the clipping (ccdproc's Combiner.scaling would clip the
    /// unscaled values). <paramref name="sources"/> names the frames in errors.
    /// </summary>
    public static CcdImage BuildFlat(
        IReadOnlyList<CcdImage> flats, IReadOnlyList<double> exposures, IReadOnlyList<string> sources,
        CcdImage bias, CcdImage? darkRate, SigmaClipOptions clip, ParallelOptions? parallel = null)
    {
        if (flats.Count == 0)
            throw new CcdInputException("no flat frames for this filter: give at least one --flat");
        foreach (var f in flats)
            EnsureSameShape(f, bias, "bias");
        if (darkRate is not null)
            EnsureSameShape(bias, darkRate, "dark");
        return NormaliseAndCombineFlats(flats.Count, bias.Width, bias.Height,
            (i, y, row) => PixelMath.SubtractScaled(flats[i].ReadRow(y), bias.ReadRow(y), darkRate is null ? default : darkRate.ReadRow(y), (float)exposures[i], 1f, row),
            sources, clip, parallel);
    }

    /// <summary>
    /// The same flat from prepared raw flats: each corrected row ((raw − overscan) trimmed − bias −
    /// dark·t, the same float operations in the same order as trimming first and then subtracting)
    /// is formed where it is used, in the median's counting pass and in the combine, so no trimmed
    /// or corrected flat is ever written out.
    /// </summary>
    internal static CcdImage BuildFlat(
        IReadOnlyList<PreparedFrame> flats, IReadOnlyList<double> exposures, IReadOnlyList<string> sources,
        CcdImage bias, CcdImage? darkRate, SigmaClipOptions clip, ParallelOptions? parallel)
    {
        if (flats.Count == 0)
            throw new CcdInputException("no flat frames for this filter: give at least one --flat");
        foreach (var f in flats)
        {
            if (f.Width != bias.Width || f.Height != bias.Height)
                throw new CcdInputException($"trimmed frame is {f.Shape} but the master bias is {bias.Shape}; all frames of a CCD need the same trim section");
        }
        if (darkRate is not null)
            EnsureSameShape(bias, darkRate, "dark");
        return NormaliseAndCombineFlats(flats.Count, bias.Width, bias.Height, (i, y, row) =>
        {
            flats[i].TrimmedRow(y, row);
            PixelMath.SubtractScaled(row, bias.ReadRow(y), darkRate is null ? default : darkRate.ReadRow(y), (float)exposures[i], 1f, row);
        }, sources, clip, parallel);
    }

    /// <summary>
    /// The flat recipe after bias (and dark) subtraction, on corrected frames given as rows
    /// (<paramref name="correctedRow"/>(frame, y, target)): divide each frame by its median, combine,
    /// divide by the median of the result. Each frame's scaling is applied to its rows inside the
    /// combine (the same float product as scaling the frame first).
    /// </summary>
    private static CcdImage NormaliseAndCombineFlats(
        int count, int width, int height, Action<int, int, Span<float>> correctedRow, IReadOnlyList<string> sources, SigmaClipOptions clip, ParallelOptions? parallel)
    {
        var scales = new float[count];
        for (var i = 0; i < count; i++)
        {
            var frame = i;
            var median = RobustStatistics.Median(width, height, (y, row) => correctedRow(frame, y, row));
            if (!(median > 0))
                throw new CcdInputException($"{sources[i]}: flat has median {median:G6} ADU after bias subtraction; a flat must be exposed (median > 0). Drop this frame or check it is a flat");
            scales[i] = (float)(1.0 / median);
        }
        var master = FrameCombiner.Combine(count, width, height, (i, y, row) =>
        {
            correctedRow(i, y, row);
            PixelMath.Scale(row, scales[i]);
        }, clip, parallel);
        var level = RobustStatistics.Median(master.Pixels);
        if (!(level > 0))
            throw new CcdInputException($"combined flat has median {level:G6}; check the flat frames ({string.Join(", ", sources)})");
        PixelMath.Scale(master.Pixels, (float)(1.0 / level));
        return master;
    }

    /// <summary>(frame − bias − dark·t) · factor over the whole image, row-parallel.</summary>
    internal static CcdImage Subtract(CcdImage frame, CcdImage bias, CcdImage? darkRate, float darkSeconds, float factor, ParallelOptions? parallel)
    {
        EnsureSameShape(frame, bias, "bias");
        if (darkRate is not null)
            EnsureSameShape(frame, darkRate, "dark");
        var output = new CcdImage(frame.Width, frame.Height);
        Parallel.For(0, frame.Height, parallel ?? new ParallelOptions(), y =>
            PixelMath.SubtractScaled(frame.ReadRow(y), bias.ReadRow(y), darkRate is null ? default : darkRate.ReadRow(y), darkSeconds, factor, output.Row(y)));
        return output;
    }

    private static void EnsureSameShape(CcdImage frame, CcdImage master, string what)
    {
        if (!frame.SameShape(master))
            throw new CcdInputException($"trimmed frame is {frame.Shape} but the master {what} is {master.Shape}; all frames of a CCD need the same trim section");
    }
}
