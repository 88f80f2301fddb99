using System.Numerics;
using System.Runtime.CompilerServices;

namespace VolunteerGrid.WorkUnits.CcdReduction;

/// <summary>
/// Sigma-clipped combination of N frames per pixel, matching ccdproc 2.4
/// (<c>Combiner.sigma_clipping</c> then <c>average_combine</c>/<c>median_combine</c>): bounds come
/// from astropy's fast sigma-clip path (astropy/stats/src/compute_bounds.c: centre = mean or median,
/// spread = population std about the mean or mad_std about the median), the final mask applies the
/// last bounds to every original value, and the statistic of the survivors is taken in double.
/// A pixel whose values are all NaN or rejected becomes NaN (ccdproc masks it).
/// </summary>
public static class FrameCombiner
{
    public static CcdImage Combine(IReadOnlyList<CcdImage> frames, SigmaClipOptions options, ParallelOptions? parallel = null)
    {
        if (frames.Count == 0)
            throw new ArgumentException("no frames to combine", nameof(frames));
        var first = frames[0];
        foreach (var f in frames)
        {
            if (!f.SameShape(first))
                throw new ArgumentException($"cannot combine frames of different shapes ({first.Shape} and {f.Shape})", nameof(frames));
        }
        var planes = frames.Select(f => f.Pixels).ToArray();
        var result = new CcdImage(first.Width, first.Height);
        var width = first.Width;
        var fast = IsVectorised(options, planes.Length);
        Parallel.For(0, first.Height, parallel ?? new ParallelOptions(),
            () => new Scratch(planes.Length),
            (y, _, scratch) =>
            {
                CombineRow(planes, y * width, result.Row(y), options, fast, scratch);
                return scratch;
            },
            _ => { });
        return result;
    }

    /// <summary>
    /// The same combination of <paramref name="count"/> frames that exist only as rows: for each
    /// output row, <paramref name="fillRow"/>(frame, y, target) writes that frame's row y. Lets the
    /// caller fuse per-frame steps (overscan, trim, scaling) into the combine while the rows are in
    /// cache instead of writing and re-reading whole intermediate frames; the values, and so the
    /// result, are the same as combining those frames.
    /// </summary>
    internal static CcdImage Combine(int count, int width, int height, Action<int, int, Span<float>> fillRow, SigmaClipOptions options, ParallelOptions? parallel = null)
    {
        if (count == 0)
            throw new ArgumentException("no frames to combine", nameof(count));
        var result = new CcdImage(width, height);
        var fast = IsVectorised(options, count);
        Parallel.For(0, height, parallel ?? new ParallelOptions(),
            () => new RowScratch(count, width),
            (y, _, scratch) =>
            {
                for (var i = 0; i < count; i++)
                    fillRow(i, y, scratch.Planes[i]);
                CombineRow(scratch.Planes, 0, result.Row(y), options, fast, scratch.Pixel);
                return scratch;
            },
            _ => { });
        return result;
    }

    /// <summary>The default configuration (mean centre, std spread, mean of survivors), done by <see cref="MeanStdRowVector"/>.</summary>
    private static bool IsVectorised(SigmaClipOptions options, int frames) =>
        options is { Center: ClipCenter.Mean, Deviation: ClipDeviation.Std, Method: CombineMethod.Mean }
        && (options.MaxIterations == 1 || KeepsEveryValue(options, frames))
        && Vector.IsHardwareAccelerated;

    /// <summary>
    /// True when a mean/std clip provably rejects nothing: no value of n lies further than
    /// σ·√(n − 1) from their mean, σ the population std (Samuelson 1968, "How deviant can you be?",
    /// JASA 63, 1522), so with both thresholds above √(n − 1) (n ≤ 10 frames at the default 3σ)
    /// the bounds [mean − kσ, mean + kσ] hold every finite value and every pass keeps them all.
    /// The 1e-6 margin dwarfs the rounding of mean and σ in double (~1e-16 relative); at exactly
    /// √(n − 1) (n = 10, k = 3) the clip is done in full.
    /// </summary>
    internal static bool KeepsEveryValue(SigmaClipOptions options, int frames)
    {
        var bound = Math.Sqrt(Math.Max(0, frames - 1)) * (1 + 1e-6);
        return options is { Center: ClipCenter.Mean, Deviation: ClipDeviation.Std }
            && options.LowThreshold > bound && options.HighThreshold > bound;
    }

    /// <summary>One output row from the planes' values at [start, start + output.Length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CombineRow(float[][] planes, int start, Span<float> output, SigmaClipOptions options, bool fast, Scratch scratch)
    {
        var x = 0;
        if (fast)
            x = MeanStdRowVector(planes, start, output, options);
        for (; x < output.Length; x++)
            output[x] = (float)CombinePixel(planes, start + x, options, scratch);
    }

    /// <summary>The general per-pixel path (any centre, spread, iterations, statistic; NaN-aware).</summary>
    internal static double CombinePixel(float[][] planes, int index, SigmaClipOptions options, Scratch scratch)
    {
        var values = scratch.Values;
        var n = 0;
        for (var i = 0; i < planes.Length; i++)
        {
            var v = planes[i][index];
            if (float.IsFinite(v))
                values[n++] = v;
        }
        if (n == 0)
            return double.NaN;
        var (lo, hi) = ClipBounds(values.AsSpan(0, n), options, scratch);
        var kept = scratch.Kept;
        var m = 0;
        for (var i = 0; i < planes.Length; i++)
        {
            // astropy masks 'v < lo | v > hi' (and non-finite values): NaN bounds reject nothing.
            double v = planes[i][index];
            if (double.IsFinite(v) && !(v < lo || v > hi))
                kept[m++] = v;
        }
        if (m == 0)
            return double.NaN;
        if (options.Method == CombineMethod.Median)
            return RobustStatistics.MedianInPlace(kept.AsSpan(0, m));
        var sum = 0.0;
        for (var i = 0; i < m; i++)
            sum += kept[i];
        return sum / m;
    }

    /// <summary>astropy compute_sigma_clipped_bounds: iterate on a packed buffer, return the last bounds.</summary>
    private static (double Lo, double Hi) ClipBounds(Span<double> buffer, SigmaClipOptions options, Scratch scratch)
    {
        var count = buffer.Length;
        double lo, hi;
        var iteration = 0;
        while (true)
        {
            var live = buffer[..count];
            var needMedian = options.Center == ClipCenter.Median || options.Deviation == ClipDeviation.MadStd;
            var median = 0.0;
            if (needMedian)
            {
                live.CopyTo(scratch.Sorted);
                median = RobustStatistics.MedianInPlace(scratch.Sorted.AsSpan(0, count));
            }
            var mean = 0.0;
            if (options.Center == ClipCenter.Mean || options.Deviation == ClipDeviation.Std)
            {
                foreach (var v in live)
                    mean += v;
                mean /= count;
            }
            double spread;
            if (options.Deviation == ClipDeviation.MadStd)
            {
                spread = RobustStatistics.MadStdInPlace(live, scratch.Sorted, median);
            }
            else
            {
                var ss = 0.0;
                foreach (var v in live)
                    ss += (mean - v) * (mean - v);
                spread = Math.Sqrt(ss / count);
            }
            var center = options.Center == ClipCenter.Median ? median : mean;
            lo = center - (options.LowThreshold * spread);
            hi = center + (options.HighThreshold * spread);
            if (++iteration >= options.MaxIterations)
                return (lo, hi);
            var kept = 0;
            for (var i = 0; i < count; i++)
            {
                if (buffer[i] >= lo && buffer[i] <= hi)
                    buffer[kept++] = buffer[i];
            }
            if (kept == count)
                return (lo, hi);
            // An emptied buffer makes astropy's next bounds NaN (mean of nothing), which reject nothing.
            if (kept == 0)
                return (double.NaN, double.NaN);
            count = kept;
        }
    }

    /// <summary>
    /// The default configuration (mean centre, std spread, one pass, mean of survivors), 2×Vector&lt;double&gt;
    /// lanes at a time. Chunks holding a NaN are left to the scalar path. Returns the first column not done.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int MeanStdRowVector(float[][] planes, int start, Span<float> output, SigmaClipOptions options)
    {
        var width = output.Length;
        var lanes = Vector<float>.Count;
        var n = planes.Length;
        var count = new Vector<double>(n);
        var kLo = new Vector<double>(options.LowThreshold);
        var kHi = new Vector<double>(options.HighThreshold);
        var keepsAll = KeepsEveryValue(options, n);
        var x = 0;
        for (; x + lanes <= width; x += lanes)
        {
            var offset = start + x;
            Vector<double> sumA = default, sumB = default;
            var finite = Vector<float>.AllBitsSet.As<float, int>();
            for (var i = 0; i < n; i++)
            {
                var v = new Vector<float>(planes[i], offset);
                finite &= Vector.LessThan(Vector.Abs(v), new Vector<float>(float.PositiveInfinity));
                Vector.Widen(v, out var a, out var b);
                sumA += a;
                sumB += b;
            }
            if (!Vector.EqualsAll(finite, Vector<int>.AllBitsSet))
                return x;
            // Dividing (not multiplying by 1/n) keeps the lanes bit-identical to the scalar path and numpy.
            var meanA = sumA / count;
            var meanB = sumB / count;
            if (keepsAll)
            {
                // Nothing is clipped, so the mean of the survivors is this mean: the same sums, in
                // the same order, over the same count (bit for bit what the passes below give).
                Vector.Narrow(meanA, meanB).CopyTo(output[x..]);
                continue;
            }
            Vector<double> ssA = default, ssB = default;
            for (var i = 0; i < n; i++)
            {
                Vector.Widen(new Vector<float>(planes[i], offset), out var a, out var b);
                var da = meanA - a;
                var db = meanB - b;
                ssA += da * da;
                ssB += db * db;
            }
            var stdA = Vector.SquareRoot(ssA / count);
            var stdB = Vector.SquareRoot(ssB / count);
            var loA = meanA - (kLo * stdA);
            var hiA = meanA + (kHi * stdA);
            var loB = meanB - (kLo * stdB);
            var hiB = meanB + (kHi * stdB);
            Vector<double> keptSumA = default, keptSumB = default, countA = default, countB = default;
            for (var i = 0; i < n; i++)
            {
                Vector.Widen(new Vector<float>(planes[i], offset), out var a, out var b);
                var inA = Vector.GreaterThanOrEqual(a, loA) & Vector.LessThanOrEqual(a, hiA);
                var inB = Vector.GreaterThanOrEqual(b, loB) & Vector.LessThanOrEqual(b, hiB);
                keptSumA += Vector.ConditionalSelect(inA, a, Vector<double>.Zero);
                keptSumB += Vector.ConditionalSelect(inB, b, Vector<double>.Zero);
                countA += Vector.ConditionalSelect(inA, Vector<double>.One, Vector<double>.Zero);
                countB += Vector.ConditionalSelect(inB, Vector<double>.One, Vector<double>.Zero);
            }
            // Never 0 survivors: some value lies within one population std of the mean, inside [lo, hi].
            var resultA = keptSumA / countA;
            var resultB = keptSumB / countB;
            Vector.Narrow(resultA, resultB).CopyTo(output[x..]);
        }
        return x;
    }

    /// <summary>Per-worker buffers (allocated once per worker, never per pixel).</summary>
    internal sealed class Scratch(int frames)
    {
        public double[] Values { get; } = new double[frames];

        public double[] Kept { get; } = new double[frames];

        public double[] Sorted { get; } = new double[frames];
    }

    /// <summary>Per-worker rows of every frame for the row-source combine, and the per-pixel buffers.</summary>
    private sealed class RowScratch(int frames, int width)
    {
        public float[][] Planes { get; } = [.. Enumerable.Range(0, frames).Select(_ => new float[width])];

        public Scratch Pixel { get; } = new(frames);
    }
}
