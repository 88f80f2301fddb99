using VolunteerGrid.WorkUnits.Wavelets.OpenCl;

namespace VolunteerGrid.WorkUnits.Wavelets;

/// <summary>
/// skimage.restoration.denoise_wavelet (0.19, one grey float64 image, rescale_sigma default, no
/// clipping) and cycle_spin(denoise_wavelet, max_shifts=K), NaN-aware and tileable.
/// <para>
/// Blanks (non-finite pixels) are filled with the median of the finite pixels before the transform
/// and are blank again in the output, so they never spread; pixels within a filter support of a
/// blank see the fill value instead of a NaN. Without blanks the result is skimage's.
/// </para>
/// <para>
/// A tile (<see cref="DenoiseWindow"/>) reads a margin around its window (see
/// <see cref="DenoiseTiling"/>) and takes every whole-image quantity from
/// <see cref="DenoiseStatistics"/>; it runs the very same arithmetic as a whole-image run, so its
/// pixels are bit-identical to it.
/// </para>
/// </summary>
public static partial class WaveletDenoiser
{
    /// <summary>Denoises the whole image.</summary>
    public static Plane Denoise(Plane image, DenoiseSettings settings, ParallelOptions? options = null) =>
        DenoiseOn(image, settings, CpuDwtEngine.Instance, options);

    internal static Plane DenoiseOn(Plane image, DenoiseSettings settings, IDwtEngine engine, ParallelOptions? options = null) =>
        DenoiseWithBatches(image, settings, engine, DefaultColumnShiftBatchBytes, options);

    /// <summary>
    /// A whole-image run that keeps at most <paramref name="columnShiftBatchBytes"/> of column-shift
    /// decompositions alive (tests compare a batched run with a one-batch run).
    /// </summary>
    internal static Plane DenoiseWithBatches(Plane image, DenoiseSettings settings, IDwtEngine engine, long columnShiftBatchBytes, ParallelOptions? options = null)
    {
        var job = Resolve(image.Rows, image.Cols, settings, engine, columnShiftBatchBytes);
        var fill = BlankFill(image);
        return Run(image, job, fill, TileWindow.Whole(image), shift => dec => ThresholdsOf(dec, job, shift), options);
    }

    /// <summary>The level count a run on a rows×cols image uses (validating as a run would).</summary>
    public static int ResolveLevels(int rows, int cols, DenoiseSettings settings) =>
        Resolve(rows, cols, settings, CpuDwtEngine.Instance).Levels;

    /// <summary>σ, thresholds and fill value of the whole image, for tiles to share.</summary>
    public static DenoiseStatistics ComputeStatistics(Plane image, DenoiseSettings settings, ParallelOptions? options = null) =>
        ComputeStatisticsOn(image, settings, CpuDwtEngine.Instance, options);

    internal static DenoiseStatistics ComputeStatisticsOn(Plane image, DenoiseSettings settings, IDwtEngine engine, ParallelOptions? options = null)
    {
        var job = Resolve(image.Rows, image.Cols, settings, engine);
        var fill = BlankFill(image);
        var shifts = new ShiftThresholds[job.Shifts.Count];
        var blanks = HasBlank(image);
        for (var s = 0; s < shifts.Length; s++)
        {
            var (dy, dx) = job.Shifts[s];
            var decomposition = DecomposeRolled(image, blanks, job, fill, (dy, dx), 0, image.Rows, 0, image.Cols, options);
            shifts[s] = ThresholdsOf(decomposition, job, (dy, dx));
            job.Engine.Release(decomposition);
        }
        return new DenoiseStatistics(image.Rows, image.Cols, job.Wavelet.Name, job.Levels, fill, shifts);
    }

    /// <summary>
    /// Denoises only <paramref name="window"/> of <paramref name="image"/> (the whole image, of which
    /// only a margin around the window is read), with the whole image's statistics.
    /// </summary>
    public static Plane DenoiseWindow(Plane image, DenoiseSettings settings, DenoiseStatistics statistics, TileWindow window, ParallelOptions? options = null) =>
        DenoiseWindowOn(image, settings, statistics, window, CpuDwtEngine.Instance, options);

    internal static Plane DenoiseWindowOn(Plane image, DenoiseSettings settings, DenoiseStatistics statistics, TileWindow window, IDwtEngine engine, ParallelOptions? options = null)
    {
        var job = Resolve(image.Rows, image.Cols, settings, engine);
        if (statistics.Rows != image.Rows || statistics.Cols != image.Cols || statistics.Levels != job.Levels ||
            statistics.Wavelet != job.Wavelet.Name || statistics.Shifts.Length != job.Shifts.Count)
        {
            throw new ArgumentException(
                $"statistics are for a {statistics.Rows}×{statistics.Cols} image, {statistics.Wavelet}, {statistics.Levels} levels, " +
                $"{statistics.Shifts.Length} shifts; this run is {image.Rows}×{image.Cols}, {job.Wavelet.Name}, {job.Levels} levels, {job.Shifts.Count} shifts");
        }
        if (window.Row < 0 || window.Col < 0 || window.Rows < 1 || window.Cols < 1 ||
            window.Row + window.Rows > image.Rows || window.Col + window.Cols > image.Cols)
        {
            throw new ArgumentException($"tile window {window} is not inside the {image.Rows}×{image.Cols} image");
        }
        var byShift = statistics.Shifts.ToDictionary(s => (s.RowShift, s.ColShift));
        return Run(image, job, statistics.BlankFill, window, shift => _ => byShift[shift], options);
    }
}
