namespace VolunteerGrid.WorkUnits.CcdReduction;

/// <summary>
/// The per-CCD reduction steps on raw frames with headers: resolves each frame's layout, corrects
/// overscan and trims, then builds masters or reduces science. Pure: frames in, arrays out.
/// </summary>
public static class CcdPipeline
{
    /// <summary>Overscan-corrected, trimmed pixels of one raw frame.</summary>
    public static CcdImage Preprocess(RawFrame frame, ReductionSettings settings, ParallelOptions? parallel = null) =>
        Preprocess(frame, settings, parallel, out _);

    public static CcdImage Preprocess(RawFrame frame, ReductionSettings settings, ParallelOptions? parallel, out OverscanModel overscan)
    {
        var (layout, model) = Prepare(frame, settings, parallel);
        overscan = model;
        return Preprocessing.SubtractOverscanAndTrim(frame.Pixels, model, layout.Trim, parallel);
    }

    /// <summary>
    /// The master bias straight from the raw biases: each row of every trimmed, overscan-corrected
    /// bias is formed inside the combine (see <see cref="PreparedFrame"/>), so the five-odd trimmed
    /// frames are never written out; the values, and so the master, are those of combining them.
    /// </summary>
    public static MasterBias BuildBias(IReadOnlyList<RawFrame> biases, ReductionSettings settings, ParallelOptions? parallel = null)
    {
        if (biases.Count == 0)
            throw new CcdInputException("no bias frames: give at least one --bias (two or more for a read-noise estimate)");
        var prepared = PrepareAll(biases, settings, parallel, "bias");
        var readNoise = EstimateReadNoise(biases, settings, parallel);
        var master = FrameCombiner.Combine(prepared.Length, prepared[0].Width, prepared[0].Height,
            (i, y, row) => prepared[i].TrimmedRow(y, row), settings.BiasClip, parallel);
        return new MasterBias(master, readNoise, biases.Count);
    }

    public static CalibrationSet BuildCalibration(IReadOnlyList<RawFrame> biases, IReadOnlyList<RawFrame> darks, ReductionSettings settings, ParallelOptions? parallel = null)
    {
        var bias = BuildBias(biases, settings, parallel);
        if (darks.Count == 0)
            return new CalibrationSet(bias, null);
        var trimmedDarks = PreprocessAll(darks, settings, parallel, "dark", bias.Image);
        var exposures = darks.Select(d => Exposure(d, settings)).ToArray();
        return new CalibrationSet(bias, MasterCalibration.BuildDarkRate(trimmedDarks, exposures, bias.Image, settings.DarkClip, parallel));
    }

    /// <summary>The master flat (median 1) of one filter and the bad-pixel map derived with it.</summary>
    public static CcdMasters BuildMasters(CalibrationSet calibration, IReadOnlyList<RawFrame> flats, ReductionSettings settings, ParallelOptions? parallel = null)
    {
        var bias = calibration.Bias.Image;
        if (flats.Count == 0)
            throw new CcdInputException("no flat frames for this filter: give at least one --flat");
        var prepared = PrepareAll(flats, settings, parallel, "flat", bias);
        var exposures = calibration.DarkRate is null ? new double[flats.Count] : flats.Select(f => Exposure(f, settings)).ToArray();
        var flat = MasterCalibration.BuildFlat(prepared, exposures, [.. flats.Select(f => f.Source)], bias, calibration.DarkRate, settings.FlatClip, parallel);
        var map = BadPixelMap.Build(flat, bias, calibration.DarkRate, settings.BadPixels, parallel);
        return new CcdMasters(bias, calibration.DarkRate, flat, map);
    }

    public static ReducedFrame ReduceScience(RawFrame science, CcdMasters masters, ReductionSettings settings, ParallelOptions? parallel = null) =>
        ReduceScience(science, masters, settings, parallel, out _);

    public static ReducedFrame ReduceScience(RawFrame science, CcdMasters masters, ReductionSettings settings, ParallelOptions? parallel, out ScienceRecord record)
    {
        var (layout, overscan) = Prepare(science, settings, parallel);
        var calibration = new ScienceCalibration(
            masters.DarkRate is null ? 0 : Exposure(science, settings),
            Gain(science, settings),
            settings.SaturationAdu ?? science.Header.GetDouble("SATURATE"));
        record = new ScienceRecord(layout, overscan, calibration);
        return ScienceReducer.Reduce(science.Pixels, overscan, layout.Trim, masters, calibration, science.Source, parallel);
    }

    /// <summary>Read noise (ADU) from the first two biases' raw data sections; NaN with one bias.</summary>
    public static double EstimateReadNoise(IReadOnlyList<RawFrame> biases, ReductionSettings settings, ParallelOptions? parallel = null)
    {
        if (biases.Count < 2)
            return double.NaN;
        var trims = biases.Take(2).Select(b =>
        {
            var trim = CcdLayout.Resolve(b.Header, b.Pixels.Width, b.Pixels.Height, settings.Overscan, settings.OverscanSection, settings.TrimSection, b.Source).Trim;
            if (!trim.FitsInside(b.Pixels.Width, b.Pixels.Height))
                throw new ArgumentException($"trim section {trim} lies outside the {b.Pixels.Shape} image");
            return trim;
        }).ToArray();
        var (a, b) = (trims[0], trims[1]);
        if (a.Width != b.Width || a.Height != b.Height)
            return double.NaN;
        // B1 − B2 straight from the raw data sections: no trimmed copies of either frame.
        var (first, second) = (biases[0].Pixels, biases[1].Pixels);
        var difference = GC.AllocateUninitializedArray<float>(checked(a.Width * a.Height));
        Parallel.For(0, a.Height, parallel ?? new ParallelOptions(), y =>
            PixelMath.Difference(first.ReadRow(a.Row0 + y).Slice(a.Column0, a.Width), second.ReadRow(b.Row0 + y).Slice(b.Column0, b.Width),
                difference.AsSpan(y * a.Width, a.Width)));
        return ReadNoise.FromDifference(difference);
    }

    /// <summary>GAIN in e⁻/ADU: the setting, else the keyword, else null (output stays in ADU).</summary>
    public static double? Gain(RawFrame frame, ReductionSettings settings)
    {
        var gain = settings.Gain ?? frame.Header.GetDouble("GAIN");
        if (gain is { } g && !(g > 0 && double.IsFinite(g)))
            throw new CcdInputException($"{frame.Source}: GAIN = {g} is not a positive number of e-/ADU; fix the keyword or pass --gain");
        return gain;
    }

    public static double Exposure(RawFrame frame, ReductionSettings settings)
    {
        var t = frame.Header.GetDouble(settings.ExposureKeyword)
            ?? throw new CcdInputException($"{frame.Source}: no {settings.ExposureKeyword} keyword; dark scaling needs the exposure time in seconds");
        if (!(t >= 0 && double.IsFinite(t)))
            throw new CcdInputException($"{frame.Source}: {settings.ExposureKeyword} = {t} is not a valid exposure time in seconds");
        return t;
    }

    private static (CcdLayout Layout, OverscanModel Overscan) Prepare(RawFrame frame, ReductionSettings settings, ParallelOptions? parallel)
    {
        if (!PixelMath.AnyFinite(frame.Pixels.Pixels))
            throw new CcdInputException($"{frame.Source}: every pixel is NaN or infinite; the frame holds no data, leave it out");
        var layout = CcdLayout.Resolve(frame.Header, frame.Pixels.Width, frame.Pixels.Height, settings.Overscan,
            settings.OverscanSection, settings.TrimSection, frame.Source);
        var overscan = layout.Overscan is { } section
            ? Overscan.Estimate(frame.Pixels, section, settings.Overscan, settings.PolynomialOrder, parallel)
            : OverscanModel.Zero(frame.Pixels.Height);
        if (settings.Overscan != OverscanMode.None && overscan.Levels.Any(double.IsInfinity))
            throw new CcdInputException($"{frame.Source}: the overscan holds infinite values; check BIASSEC");
        Preprocessing.EnsureCovers(overscan, layout.Trim, frame.Source);
        return (layout, overscan);
    }

    private static CcdImage[] PreprocessAll(IReadOnlyList<RawFrame> frames, ReductionSettings settings, ParallelOptions? parallel, string what, CcdImage? shapeOf = null)
    {
        var result = new CcdImage[frames.Count];
        for (var i = 0; i < frames.Count; i++)
        {
            result[i] = Preprocess(frames[i], settings, parallel);
            var reference = shapeOf ?? result[0];
            if (!result[i].SameShape(reference))
                throw ShapeMismatch(frames, i, what, result[i].Shape, reference.Shape, shapeOf is null);
        }
        return result;
    }

    /// <summary>Layout and overscan of every frame, with the same checks as <see cref="PreprocessAll"/>, without trimming any.</summary>
    private static PreparedFrame[] PrepareAll(IReadOnlyList<RawFrame> frames, ReductionSettings settings, ParallelOptions? parallel, string what, CcdImage? shapeOf = null)
    {
        var result = new PreparedFrame[frames.Count];
        for (var i = 0; i < frames.Count; i++)
        {
            var (layout, overscan) = Prepare(frames[i], settings, parallel);
            result[i] = new PreparedFrame(frames[i], layout, overscan);
            var (width, height, shape) = shapeOf is null ? (result[0].Width, result[0].Height, result[0].Shape) : (shapeOf.Width, shapeOf.Height, shapeOf.Shape);
            if (result[i].Width != width || result[i].Height != height)
                throw ShapeMismatch(frames, i, what, result[i].Shape, shape, shapeOf is null);
        }
        return result;
    }

    private static CcdInputException ShapeMismatch(IReadOnlyList<RawFrame> frames, int i, string what, string shape, string referenceShape, bool againstFirst) =>
        new($"{frames[i].Source}: trimmed {what} frame is {shape} but {(againstFirst ? frames[0].Source : "the master bias")} is {referenceShape}; all frames of a CCD must share one layout (check the CCD order and TRIMSEC/DATASEC)");
}
