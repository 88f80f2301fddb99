using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VolunteerGrid.WorkUnits.Wavelets.OpenCl;

namespace VolunteerGrid.WorkUnits.Wavelets;

public static partial class WaveletDenoiser
{
    // ColumnShiftBatchBytes: decompositions (with their synthesised coarser levels) of one row shift
    // that a cycle spin keeps alive at once. All column shifts at once shares the most work; a large
    // image takes them a few at a time, which costs memory traffic but gives the same sums in the
    // same order.
    private sealed record Job(Wavelet Wavelet, int Levels, IReadOnlyList<(int Dy, int Dx)> Shifts, DenoiseSettings Settings, IDwtEngine Engine, long ColumnShiftBatchBytes);

    /// <summary>The default Job.ColumnShiftBatchBytes: every column shift at once up to about 4096² with K = 1.</summary>
    private const long DefaultColumnShiftBatchBytes = 512L << 20;

    private static Job Resolve(int rows, int cols, DenoiseSettings settings, IDwtEngine engine, long columnShiftBatchBytes = DefaultColumnShiftBatchBytes)
    {
        var errors = new List<string>();
        settings.Validate(errors);
        if (errors.Count > 0)
            throw new ArgumentException(string.Join("; ", errors));
        var wavelet = Wavelet.FromName(settings.Wavelet);
        var max = WaveletTransform2D.MaxLevel(rows, cols, wavelet);
        if (max < 1)
        {
            throw new ArgumentException(
                $"a {rows}×{cols} image is too small for {wavelet.Name}: each axis needs at least {2 * (wavelet.Length - 1)} pixels; use a shorter wavelet such as db1");
        }
        // skimage skips the three coarsest scales by default (denoise_wavelet Notes).
        var levels = settings.Levels ?? Math.Max(max - 3, 1);
        if (levels > max)
        {
            throw new ArgumentException(
                $"levels {levels} is too deep for a {rows}×{cols} image with {wavelet.Name}: at most {max}; use fewer levels or omit it for the default ({Math.Max(max - 3, 1)})");
        }
        // cycle_spin's shifts: itertools.product(range(K+1), range(K+1)), row shift outermost.
        var shifts = new List<(int, int)>();
        for (var dy = 0; dy <= settings.CycleSpin; dy++)
        {
            for (var dx = 0; dx <= settings.CycleSpin; dx++)
                shifts.Add((dy, dx));
        }
        return new Job(wavelet, levels, shifts, settings, engine, columnShiftBatchBytes);
    }

    /// <summary>Median of the finite pixels (0 when every pixel is finite: nothing to fill).</summary>
    private static double BlankFill(Plane image)
    {
        if (!HasBlank(image))
            return 0;
        var finite = GC.AllocateUninitializedArray<double>(image.Data.Length);
        var count = 0;
        foreach (var v in image.Data)
        {
            if (double.IsFinite(v))
                finite[count++] = v;
        }
        if (count == 0)
            throw new InvalidDataException("the image has no finite pixels (all blank): nothing to denoise");
        return Median.OfInPlace(finite.AsSpan(0, count));
    }

    private static ShiftThresholds ThresholdsOf(WaveletDecomposition decomposition, Job job, (int Dy, int Dx) shift)
    {
        var sigma = job.Settings.Sigma ?? NoiseEstimator.SigmaFromDiagonal(decomposition.Details[0].DD);
        var levels = new BandThresholds[decomposition.Levels];
        var rows = decomposition.InputShapes[0].Rows;
        var cols = decomposition.InputShapes[0].Cols;
        for (var j = 0; j < levels.Length; j++)
        {
            var d = decomposition.Details[j];
            if (job.Settings.Method == ShrinkageMethod.VisuShrink)
            {
                var t = NoiseEstimator.UniversalThreshold(sigma, (long)rows * cols);
                levels[j] = new BandThresholds(t, t, t);
            }
            else
            {
                var variance = sigma * sigma;
                // The CPU forward pass has summed the squares row by row; a device's decomposition has not.
                levels[j] = d.Squares is { } squares
                    ? new BandThresholds(
                        NoiseEstimator.BayesThreshold(squares.Total(squares.AD), (long)d.AD.Rows * d.AD.Cols, variance),
                        NoiseEstimator.BayesThreshold(squares.Total(squares.DA), (long)d.DA.Rows * d.DA.Cols, variance),
                        NoiseEstimator.BayesThreshold(squares.Total(squares.DD), (long)d.DD.Rows * d.DD.Cols, variance))
                    : new BandThresholds(
                        NoiseEstimator.BayesThreshold(d.AD, variance),
                        NoiseEstimator.BayesThreshold(d.DA, variance),
                        NoiseEstimator.BayesThreshold(d.DD, variance));
            }
        }
        return new ShiftThresholds(shift.Dy, shift.Dx, sigma, levels);
    }

    private static Plane Run(
        Plane image, Job job, double fill, TileWindow window,
        Func<(int Dy, int Dx), Func<WaveletDecomposition, ShiftThresholds>> thresholds, ParallelOptions? options)
    {
        options ??= new ParallelOptions();
        var count = job.Shifts.Count;
        var result = Plane.Uninitialized(window.Rows, window.Cols);
        // More than one shift: the running sum lives in a buffer rented from the shared pool and
        // reused call after call; a fresh zeroed 8 MB (1024²) sum per call landed on the large
        // object heap and, with the result, forced a gen-2 collection every few calls.
        var sum = count == 1 ? result : Plane.Rent(window.Rows, window.Cols, pooled: true);
        // One scan for blanks per run, not one per shift (each is a pass over the whole image).
        var blanks = HasBlank(image);
        try
        {
            if (count > 1 && job.Engine is CpuDwtEngine)
            {
                RunByRowShift(image, blanks, job, fill, window, thresholds, sum, result, options);
                return FinishRun(image, blanks, window, result);
            }
            for (var s = 0; s < count; s++)
            {
                options.CancellationToken.ThrowIfCancellationRequested();
                var shift = job.Shifts[s];
                var placement = ShiftPlacement.For(s, count, sum, result);
                // result[p] = D(roll(x, s))[p + s]: the window seen in the rolled image, split where
                // it wraps past the far edge.
                foreach (var (rowStart, rowEnd) in Wrapped(window.Row + shift.Dy, window.Rows, image.Rows))
                {
                    foreach (var (colStart, colEnd) in Wrapped(window.Col + shift.Dx, window.Cols, image.Cols))
                    {
                        var rect = new Rect(rowStart, rowEnd, colStart, colEnd);
                        DenoiseRolledRect(image, blanks, job, fill, shift, thresholds(shift), rect, window, placement, options);
                    }
                }
            }
        }
        finally
        {
            if (sum != result)
                sum.Return();
        }
        return FinishRun(image, blanks, window, result);
    }

    private static Plane FinishRun(Plane image, bool blanks, TileWindow window, Plane result)
    {
        if (blanks)
            BlankAgain(image, window, result);
        return result;
    }

    /// <summary>Pixels blank in the input are blank (NaN) in the output.</summary>
    private static void BlankAgain(Plane image, TileWindow window, Plane result)
    {
        for (var r = 0; r < window.Rows; r++)
        {
            var row = result.Row(r);
            var source = image.Data.AsSpan(((window.Row + r) * image.Cols) + window.Col, window.Cols);
            for (var c = 0; c < row.Length; c++)
            {
                if (!double.IsFinite(source[c]))
                    row[c] = double.NaN;
            }
        }
    }

    private static bool HasBlank(Plane image)
    {
        var data = image.Data.AsSpan(0, image.Rows * image.Cols);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // A double is non-finite iff its exponent bits are all ones (Inf, NaN).
            var exponent = Vector256.Create(0x7FF0_0000_0000_0000UL);
            var any = Vector256<ulong>.Zero;
            ref var start = ref MemoryMarshal.GetReference(data);
            for (; i + 4 <= data.Length; i += 4)
            {
                var bits = Vector256.LoadUnsafe(ref start, (nuint)i).AsUInt64() & exponent;
                any |= Vector256.Equals(bits, exponent);
            }
            if (any != Vector256<ulong>.Zero)
                return true;
        }
        for (; i < data.Length; i++)
        {
            if (!double.IsFinite(data[i]))
                return true;
        }
        return false;
    }

    private readonly record struct Rect(int R0, int R1, int C0, int C1);

    private static IEnumerable<(int Start, int End)> Wrapped(int start, int count, int length)
    {
        // A whole axis stays one range, so a whole-image run transforms the whole rolled image.
        if (count == length)
        {
            yield return (0, length);
            yield break;
        }
        start %= length;
        var end = start + count;
        if (end <= length)
        {
            yield return (start, end);
        }
        else
        {
            yield return (start, length);
            yield return (0, end - length);
        }
    }

    /// <summary>
    /// Denoises <paramref name="rect"/> of the rolled image and writes (or adds) it into the window:
    /// rolled pixel (r, c) is original pixel (r − dy, c − dx) mod the image size.
    /// </summary>
    private static void DenoiseRolledRect(
        Plane image, bool blanks, Job job, double fill, (int Dy, int Dx) shift, Func<WaveletDecomposition, ShiftThresholds> thresholds,
        Rect rect, TileWindow window, ShiftPlacement placement, ParallelOptions options)
    {
        var (pr0, pr1) = DenoiseTiling.PaddedRange(rect.R0, rect.R1, image.Rows, job.Wavelet.Length, job.Levels);
        var (pc0, pc1) = DenoiseTiling.PaddedRange(rect.C0, rect.C1, image.Cols, job.Wavelet.Length, job.Levels);
        var decomposition = DecomposeRolled(image, blanks, job, fill, shift, pr0, pr1, pc0, pc1, options);
        var t = thresholds(decomposition);
        // Rolled pixel (pr0 + row, pc0 + c) of the region lands on window pixel
        // ((pr0 + row − dy) mod rows − window.Row, ...); only the rect's rows and columns are kept.
        void Place(int row, ReadOnlySpan<double> source)
        {
            var rr = pr0 + row;
            if (rr < rect.R0 || rr >= rect.R1)
                return;
            var target = Mod(rr - shift.Dy, image.Rows) - window.Row;
            // The rolled columns [C0, C1) map to at most two runs of original columns.
            var cc = rect.C0;
            while (cc < rect.C1)
            {
                var original = Mod(cc - shift.Dx, image.Cols);
                var run = Math.Min(rect.C1 - cc, image.Cols - original);
                placement.Place(source.Slice(cc - pc0, run), target, original - window.Col);
                cc += run;
            }
        }
        if (job.Engine is CpuDwtEngine)
        {
            // The last synthesis pass hands each row straight to Place: no full-size result plane.
            WaveletTransform2D.ReconstructInto(decomposition, t.Levels, job.Settings.Mode, Place, options);
            job.Engine.Release(decomposition);
            return;
        }
        var denoised = job.Engine.Reconstruct(decomposition, t.Levels, job.Settings.Mode, options);
        job.Engine.Release(decomposition);
        for (var row = 0; row < denoised.Rows; row++)
            Place(row, denoised.Row(row));
        denoised.Return();
    }

    /// <summary>
    /// Decomposition of rows [pr0,pr1) × cols [pc0,pc1) of the rolled image. The CPU reads the
    /// rolled image in place when there are no blanks to fill; otherwise (or on a device) the region
    /// is copied out first. Both give the same coefficients.
    /// </summary>
    private static WaveletDecomposition DecomposeRolled(
        Plane image, bool blanks, Job job, double fill, (int Dy, int Dx) shift, int pr0, int pr1, int pc0, int pc1, ParallelOptions? options)
    {
        if (job.Engine is CpuDwtEngine && !blanks)
        {
            var view = new RolledRegion(image, shift.Dy, shift.Dx, pr0, pc0, pr1 - pr0, pc1 - pc0);
            return WaveletTransform2D.Decompose(view, job.Wavelet, job.Levels, pooled: true, options);
        }
        var wholeUnshifted = shift == (0, 0) && pr0 == 0 && pc0 == 0 && pr1 == image.Rows && pc1 == image.Cols && !blanks;
        var region = wholeUnshifted ? image : Extract(image, blanks, fill, shift.Dy, shift.Dx, pr0, pr1, pc0, pc1);
        var decomposition = job.Engine.Decompose(region, job.Wavelet, job.Levels, options);
        region.Return();
        return decomposition;
    }

    /// <summary>Rows [r0,r1) × cols [c0,c1) of np.roll(image, (dy, dx)) with blanks filled (when the image has any).</summary>
    private static Plane Extract(Plane image, bool blanks, double fill, int dy, int dx, int r0, int r1, int c0, int c1)
    {
        var region = Plane.Rent(r1 - r0, c1 - c0, pooled: true);
        for (var r = r0; r < r1; r++)
        {
            var srcRow = image.Row(Mod(r - dy, image.Rows));
            var dst = region.Row(r - r0);
            var c = 0;
            while (c < dst.Length)
            {
                var from = Mod(c0 + c - dx, image.Cols);
                var run = Math.Min(dst.Length - c, image.Cols - from);
                srcRow.Slice(from, run).CopyTo(dst.Slice(c, run));
                c += run;
            }
            if (!blanks)
                continue;
            foreach (ref var v in dst)
            {
                if (!double.IsFinite(v))
                    v = fill;
            }
        }
        return region;
    }

    private static int Mod(int a, int n)
    {
        var m = a % n;
        return m < 0 ? m + n : m;
    }
}
