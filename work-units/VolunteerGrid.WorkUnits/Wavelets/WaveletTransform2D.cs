namespace VolunteerGrid.WorkUnits.Wavelets;

/// <summary>
/// Multi-level separable 2-D DWT with symmetric extension, equal to pywt.wavedecn / waverecn over
/// both axes (axis 0 filtered first on analysis, axis 1 first on synthesis, as pywt.dwtn/idwtn do).
/// </summary>
public static partial class WaveletTransform2D
{
    private static readonly ParallelOptions Serial = new() { MaxDegreeOfParallelism = 1 };

    /// <summary>
    /// Levels that fit: min over both axes of <see cref="Wavelet.MaxLevel"/> (pywt.dwtn_max_level).
    /// </summary>
    public static int MaxLevel(int rows, int cols, Wavelet wavelet) =>
        Math.Min(wavelet.MaxLevel(rows), wavelet.MaxLevel(cols));

    public static WaveletDecomposition Decompose(Plane image, Wavelet wavelet, int levels, ParallelOptions? options = null) =>
        Decompose(image, wavelet, levels, pooled: false, options);

    /// <summary>With <paramref name="pooled"/>, every plane is rented: give them back with <see cref="Release"/>.</summary>
    internal static WaveletDecomposition Decompose(Plane image, Wavelet wavelet, int levels, bool pooled, ParallelOptions? options) =>
        Decompose(RolledRegion.Whole(image), wavelet, levels, pooled, options);

    /// <summary>
    /// Decomposes a region of a rolled image read in place (the first level's column pass applies
    /// the roll as it reads), with the same arithmetic as decomposing a rolled copy.
    /// </summary>
    internal static WaveletDecomposition Decompose(RolledRegion source, Wavelet wavelet, int levels, bool pooled, ParallelOptions? options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 1);
        options ??= Serial;
        var (approx, detail) = ForwardLevel(source, wavelet, pooled, options);
        return CoarserLevels(wavelet, levels, (source.Rows, source.Cols), approx, detail, pooled, options);
    }

    /// <summary>
    /// Completes a decomposition whose finest level (of a <paramref name="shape"/> input) is done:
    /// decomposes <paramref name="approx"/> further, returning each intermediate approximation.
    /// </summary>
    private static WaveletDecomposition CoarserLevels(Wavelet wavelet, int levels, (int Rows, int Cols) shape, Plane approx, WaveletLevel finest, bool pooled, ParallelOptions options) =>
        CoarserLevels(wavelet, levels, [shape], [finest], approx, pooled, options);

    /// <summary>
    /// As above for a decomposition whose <paramref name="details"/>.Count finest levels are done
    /// (<paramref name="shapes"/>: their input shapes), <paramref name="approx"/> the last one's approximation.
    /// </summary>
    private static WaveletDecomposition CoarserLevels(Wavelet wavelet, int levels, List<(int Rows, int Cols)> shapes, List<WaveletLevel> details, Plane approx, bool pooled, ParallelOptions options)
    {
        var current = approx;
        for (var level = details.Count; level < levels; level++)
        {
            shapes.Add((current.Rows, current.Cols));
            var (next, detail) = ForwardLevel(RolledRegion.Whole(current), wavelet, pooled, options);
            details.Add(detail);
            current.Return();
            current = next;
        }
        return new WaveletDecomposition(wavelet, current, details, shapes);
    }

    public static Plane Reconstruct(WaveletDecomposition decomposition, ParallelOptions? options = null) =>
        Reconstruct(decomposition, null, ThresholdMode.Soft, options);

    /// <summary>
    /// Inverse of a decomposition, thresholding each detail row as it is read when
    /// <paramref name="thresholds"/> is given (thresholds[j] for level j+1), which saves a pass over
    /// the coefficients; the decomposition itself is left unchanged.
    /// </summary>
    public static Plane Reconstruct(WaveletDecomposition decomposition, IReadOnlyList<BandThresholds>? thresholds, ThresholdMode mode, ParallelOptions? options = null) =>
        Reconstruct(decomposition, thresholds, mode, pooledResult: false, options);

    /// <summary>With <paramref name="pooledResult"/> the returned plane is rented: give it back with Plane.Return.</summary>
    internal static Plane Reconstruct(WaveletDecomposition decomposition, IReadOnlyList<BandThresholds>? thresholds, ThresholdMode mode, bool pooledResult, ParallelOptions? options)
    {
        var (rows, cols) = decomposition.InputShapes[0];
        var output = Plane.Rent(rows, cols, pooledResult);
        ReconstructCore(decomposition, thresholds, mode, output, null, options);
        return output;
    }

    /// <summary>
    /// The inverse with each finished row of the full-size result handed to <paramref name="sink"/>
    /// instead of being stored: the caller places (unrolls, accumulates) it directly.
    /// </summary>
    internal static void ReconstructInto(WaveletDecomposition decomposition, IReadOnlyList<BandThresholds>? thresholds, ThresholdMode mode, RowSink sink, ParallelOptions? options) =>
        ReconstructCore(decomposition, thresholds, mode, null, sink, options);

    private static void ReconstructCore(WaveletDecomposition decomposition, IReadOnlyList<BandThresholds>? thresholds, ThresholdMode mode, Plane? output, RowSink? sink, ParallelOptions? options)
    {
        options ??= Serial;
        var current = decomposition.Approximation;
        var approx = ReconstructAboveFinest(decomposition, thresholds, mode, options);
        var (rows, cols) = decomposition.InputShapes[0];
        InverseLevel(approx, decomposition.Details[0], thresholds?[0], mode, decomposition.Wavelet, rows, cols, output, sink, options);
        if (approx != decomposition.Approximation)
            approx.Return();
    }

    /// <summary>
    /// Synthesises every level but the finest: returns the approximation the finest level's inverse
    /// starts from, a pooled plane to give back with Plane.Return, or the decomposition's own
    /// approximation (not to be returned) when it has one level.
    /// </summary>
    internal static Plane ReconstructAboveFinest(WaveletDecomposition decomposition, IReadOnlyList<BandThresholds>? thresholds, ThresholdMode mode, ParallelOptions options)
    {
        var current = decomposition.Approximation;
        for (var level = decomposition.Levels - 1; level >= 1; level--)
        {
            var (rows, cols) = decomposition.InputShapes[level];
            // Intermediate approximations are pooled scratch.
            var next = Plane.Rent(rows, cols, pooled: true);
            InverseLevel(current, decomposition.Details[level], thresholds?[level], mode, decomposition.Wavelet, rows, cols, next, null, options);
            if (current != decomposition.Approximation)
                current.Return();
            current = next;
        }
        return current;
    }

    private sealed class ForwardScratch(int cols, int half, int taps)
    {
        public readonly double[] Lo = new double[cols];
        public readonly double[] Hi = new double[cols];
        public readonly double[] Even = new double[((cols + (2 * half) + 2) / 2) + half + 1];
        public readonly double[] Odd = new double[((cols + (2 * half) + 2) / 2) + half + 1];
        public readonly int[] Offsets = new int[taps];

        /// <summary>The axis-0 output rows of a second plane (<see cref="ForwardLevelTwoFurther"/>), made on first use.</summary>
        public double[] Lo2 => _lo2 ??= new double[Lo.Length];
        public double[] Hi2 => _hi2 ??= new double[Hi.Length];
        private double[]? _lo2, _hi2;

        /// <summary>Coefficients of a 2L-sample end of a row (<see cref="ForwardRowTwoFurther"/>).</summary>
        public readonly double[] PatchLo = new double[2 * taps];
        public readonly double[] PatchHi = new double[2 * taps];

        [ThreadStatic]
        private static Dictionary<(int, int, int), ForwardScratch>? t_cache;

        /// <summary>
        /// This thread's scratch for rows of <paramref name="cols"/> values, made once and reused by
        /// every later level, shift and call of that width: a cycle spin otherwise allocated ≈ 3 MB
        /// of row scratch per call (1024²), a gen-0 collection every few calls. A worker uses one
        /// scratch at a time (the row-block bodies do not nest), so sharing it per thread is safe.
        /// </summary>
        public static ForwardScratch ForThisThread(int cols, int half, int taps)
        {
            var cache = t_cache ??= [];
            if (!cache.TryGetValue((cols, half, taps), out var scratch))
                cache[(cols, half, taps)] = scratch = new ForwardScratch(cols, half, taps);
            return scratch;
        }
    }

    /// <summary>Returns a pooled decomposition's planes to the pool.</summary>
    internal static void Release(WaveletDecomposition decomposition)
    {
        decomposition.Approximation.Return();
        foreach (var level in decomposition.Details)
        {
            foreach (var band in level.Bands)
                band.Return();
            level.Squares?.Return();
        }
    }

    private static (Plane Approx, WaveletLevel Detail) ForwardLevel(RolledRegion x, Wavelet w, bool pooled, ParallelOptions options)
    {
        var taps = w.Length;
        var m0 = (x.Rows + taps - 1) / 2;
        var m1 = (x.Cols + taps - 1) / 2;
        var output = ForwardOutput.Rent(m0, m1, pooled);
        var runs = new ColumnRun[2];
        var runCount = x.ColumnRuns(runs);
        RowBlocks.For(m0, options, () => ForwardScratch.ForThisThread(x.Cols, (taps / 2) - 1, taps), (start, end, s) =>
        {
            for (var k = start; k < end; k++)
            {
                for (var j = 0; j < taps; j++)
                    s.Offsets[j] = x.SourceRowOffset(SymmetricExtension.Reflect((2 * k) + 1 - j, x.Rows));
                DwtKernels.ForwardColumns(x.Image.Data, s.Offsets, runs.AsSpan(0, runCount), w.DecLo, w.DecHi, s.Lo, s.Hi);
                output.RowPass(k, s.Lo, s.Hi, w, s);
            }
        });
        return (output.Approx, output.Detail);
    }

    /// <summary>
    /// Per-worker scratch of the fused inverse: the axis-1 synthesis of approximation/detail row k
    /// goes to slot k mod (h+1) of two small rings (h = L/2 − 1), which hold exactly the rows m..m+h
    /// that output pair m needs, so the full-size low/high planes are never written.
    /// </summary>
    private sealed class InverseScratch(int cols, int coefficients, int depth)
    {
        public readonly double[] Low = new double[depth * cols];
        public readonly double[] High = new double[depth * cols];
        public readonly double[] Even = new double[(cols / 2) + 1];
        public readonly double[] Odd = new double[(cols / 2) + 1];
        public readonly double[] First = new double[coefficients];
        public readonly double[] Second = new double[coefficients];
        public readonly double[] EvenRow = new double[cols];
        public readonly double[] OddRow = new double[cols];
        public readonly int[] Offsets = new int[depth];

        /// <summary>An output row interleaved from a split one (the cycle-spin sums, <see cref="SplitRuns"/>).</summary>
        public readonly double[] Interleaved = new double[cols];

        [ThreadStatic]
        private static Dictionary<(int, int, int), InverseScratch>? t_cache;

        /// <summary>This thread's scratch of that shape, reused as <see cref="ForwardScratch.ForThisThread"/>.</summary>
        public static InverseScratch ForThisThread(int cols, int coefficients, int depth)
        {
            var cache = t_cache ??= [];
            if (!cache.TryGetValue((cols, coefficients, depth), out var scratch))
                cache[(cols, coefficients, depth)] = scratch = new InverseScratch(cols, coefficients, depth);
            return scratch;
        }
    }

    private static ReadOnlySpan<double> Shrunk(Span<double> row, double[] scratch, double? threshold, ThresholdMode mode)
    {
        if (threshold is not { } t)
            return row;
        var copy = scratch.AsSpan(0, row.Length);
        Shrinkage.ApplyTo(row, copy, t, mode);
        return copy;
    }

    /// <summary>Pairs of output rows per parallel block: each block re-synthesises h ring rows.</summary>
    private const int InversePairsPerBlock = 32;

    private static void InverseLevel(
        Plane approx, WaveletLevel detail, BandThresholds? thresholds, ThresholdMode mode, Wavelet w, int rows, int cols,
        Plane? output, RowSink? sink, ParallelOptions options)
    {
        var m0 = detail.DD.Rows;
        var m1 = detail.DD.Cols;
        if (approx.Rows != m0 || approx.Cols != m1)
            throw new ArgumentException($"approximation is {approx.Rows}×{approx.Cols} but the level's details are {m0}×{m1}");
        var half = (w.Length / 2) - 1;
        var depth = half + 1;
        var pairs = (rows + 1) / 2;
        RowBlocks.For(pairs, options, InversePairsPerBlock, () => InverseScratch.ForThisThread(cols, m1, depth), (start, end, s) =>
        {
            for (var k = start; k < start + half; k++)
                SynthesizeRow(k, approx, detail, thresholds, mode, w, cols, (k % depth) * cols, s);
            for (var m = start; m < end; m++)
            {
                SynthesizeRow(m + half, approx, detail, thresholds, mode, w, cols, ((m + half) % depth) * cols, s);
                for (var j = 0; j <= half; j++)
                    s.Offsets[j] = ((m + half - j) % depth) * cols;
                var hasOdd = (2 * m) + 1 < rows;
                var even = output is null ? s.EvenRow : output.Row(2 * m);
                var odd = output is null || !hasOdd ? s.OddRow : output.Row((2 * m) + 1);
                DwtKernels.InverseColumns(s.Low, s.High, s.Offsets, w.RecLo, w.RecHi, cols, even, odd, hasOdd);
                if (sink is null)
                    continue;
                sink(2 * m, s.EvenRow);
                if (hasOdd)
                    sink((2 * m) + 1, s.OddRow);
            }
        });
    }

    /// <summary>Axis-1 synthesis of coefficient row k into the low and high rings at <paramref name="slot"/>.</summary>
    private static void SynthesizeRow(int k, Plane approx, WaveletLevel detail, BandThresholds? thresholds, ThresholdMode mode, Wavelet w, int cols, int slot, InverseScratch s) =>
        SynthesizeRow(k, approx, detail, thresholds, mode, w, s.Low.AsSpan(slot, cols), s.High.AsSpan(slot, cols), s);

    /// <summary>Axis-1 synthesis of coefficient row k into <paramref name="low"/> and <paramref name="high"/> (the output width).</summary>
    private static void SynthesizeRow(int k, Plane approx, WaveletLevel detail, BandThresholds? thresholds, ThresholdMode mode, Wavelet w, Span<double> low, Span<double> high, InverseScratch s)
    {
        // Thresholded as loaded (ShrunkInverse4) where it applies: the same values, no thresholded copy.
        if (ShrunkInverse4.Applies(w.Length, mode, thresholds))
        {
            var t = thresholds;
            var pairs = (low.Length + 1) / 2;
            ShrunkInverse4.Pairs(approx.Row(k), detail.AD.Row(k), pairs, w.RecLo, w.RecHi, false, 0, t.AD, s.Even, s.Odd);
            DwtKernels.Interleave(s.Even, s.Odd, low);
            ShrunkInverse4.Pairs(detail.DA.Row(k), detail.DD.Row(k), pairs, w.RecLo, w.RecHi, true, t.DA, t.DD, s.Even, s.Odd);
            DwtKernels.Interleave(s.Even, s.Odd, high);
            return;
        }
        var ad = Shrunk(detail.AD.Row(k), s.First, thresholds?.AD, mode);
        DwtKernels.InverseRow(approx.Row(k), ad, w.RecLo, w.RecHi, low, s.Even, s.Odd);
        var da = Shrunk(detail.DA.Row(k), s.First, thresholds?.DA, mode);
        var dd = Shrunk(detail.DD.Row(k), s.Second, thresholds?.DD, mode);
        DwtKernels.InverseRow(da, dd, w.RecLo, w.RecHi, high, s.Even, s.Odd);
    }
}
