namespace VolunteerGrid.WorkUnits.Wavelets;

/// <summary>
/// Work shared by the cycle-spin shifts that differ only in their column shift (Coifman &amp; Donoho
/// 1995 average the denoised images of every shift; np.roll along axis 1 only permutes columns).
/// <list type="bullet">
/// <item>Analysis: the finest level's axis-0 pass filters each column on its own, so rolling the
/// columns only permutes its output. It runs once for all column shifts of a row band and each shift
/// reads its rolled row from it: the same operations on the same values as a per-shift pass, so the
/// coefficients are bit-identical.</item>
/// <item>Synthesis: the finest level's axis-0 pass is linear and also acts on each column alone, so
/// the mean over column shifts of the unrolled outputs equals one axis-0 pass over the sum of the
/// unrolled axis-1 outputs. Summing before that pass changes the result by rounding only (the
/// terms are added in another order), and a tile sums in the same order as the whole image.</item>
/// </list>
/// </summary>
public static partial class WaveletTransform2D
{
    /// <summary>
    /// Decompositions of rows [<paramref name="row0"/>, +<paramref name="rows"/>) × all columns of
    /// np.roll(image, (dy, dx)) for every dx of <paramref name="columnShifts"/>, the finest level's
    /// axis-0 pass done once for all of them. Every plane is pooled: give each back with
    /// <see cref="Release"/>.
    /// </summary>
    internal static WaveletDecomposition[] DecomposeColumnShifts(
        Plane image, int dy, int row0, int rows, IReadOnlyList<int> columnShifts, Wavelet wavelet, int levels, ParallelOptions options) =>
        DecomposeColumnShifts(image, dy, row0, rows, columnShifts, wavelet, levels, twoRowsFurther: false, options).First;

    /// <summary>
    /// Whether the whole image's row shifts dy and dy + 2 can share their finest level
    /// (<see cref="DecomposeColumnShifts(Plane, int, int, int, IReadOnlyList{int}, Wavelet, int, bool, ParallelOptions)"/>):
    /// every row, an even count of them, at least 4L.
    /// </summary>
    internal static bool CanShareTwoRowsFurther(Plane image, int row0, int rows, Wavelet wavelet) =>
        row0 == 0 && rows == image.Rows && rows % 2 == 0 && rows >= 4 * wavelet.Length;

    /// <summary>
    /// As above; with <paramref name="twoRowsFurther"/> (where <see cref="CanShareTwoRowsFurther"/>)
    /// also the decompositions of the whole image rolled by dy + 2 (Second). Rolling two more rows
    /// moves every finest-level coefficient row k − 1 to k wherever neither support touches an end of
    /// a column (L/2 ≤ k ≤ n/2 − 1, as <see cref="ForwardRowTwoFurther"/> along rows): those rows of
    /// all four bands (and their Σd²) are copied as dy's are computed, the same values, and only the
    /// few rows at each end are computed for dy + 2 from its own rolled rows: bit-identical to
    /// decomposing it on its own.
    /// </summary>
    internal static (WaveletDecomposition[] First, WaveletDecomposition[]? Second) DecomposeColumnShifts(
        Plane image, int dy, int row0, int rows, IReadOnlyList<int> columnShifts, Wavelet wavelet, int levels, bool twoRowsFurther, ParallelOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 1);
        twoRowsFurther &= CanShareTwoRowsFurther(image, row0, rows, wavelet);
        var cols = image.Cols;
        var taps = wavelet.Length;
        var m0 = (rows + taps - 1) / 2;
        var m1 = (cols + taps - 1) / 2;
        var plan = new ColumnShiftPlan(columnShifts, cols, taps);
        var first = new FinestBands(plan.Count, m0, m1);
        var second = twoRowsFurther ? new FinestBands(plan.Count, m0, m1) : null;
        var region = new RolledRegion(image, dy, 0, row0, 0, rows, cols);
        // Rows of dy + 2 that equal a row of dy (one row further down).
        int sharedFrom = taps / 2, sharedTo = (rows / 2) - 1;
        RowBlocks.For(m0, options, () => ForwardScratch.ForThisThread(cols + plan.Pad, (taps / 2) - 1, taps), (start, end, s) =>
        {
            for (var k = start; k < end; k++)
            {
                ForwardShiftsRow(region, k, plan, first, wavelet, s);
                if (second is not null && k + 1 >= sharedFrom && k + 1 <= sharedTo)
                    second.CopyRow(k + 1, first, k);
            }
        });
        if (second is not null)
        {
            var further = region with { Dy = dy + 2 };
            var s = ForwardScratch.ForThisThread(cols + plan.Pad, (taps / 2) - 1, taps);
            for (var k = 0; k < m0; k++)
            {
                if (k < sharedFrom || k > sharedTo)
                    ForwardShiftsRow(further, k, plan, second, wavelet, s);
            }
        }
        return (first.Decompositions(wavelet, levels, (rows, cols), plan, options), second?.Decompositions(wavelet, levels, (rows, cols), plan, options));
    }

    /// <summary>
    /// Finest-level row <paramref name="k"/> of every column shift of <paramref name="region"/> (whole
    /// rows): one axis-0 pass over the unrolled columns, then each shift's axis-1 pass over its rolled row.
    /// </summary>
    private static void ForwardShiftsRow(RolledRegion region, int k, ColumnShiftPlan plan, FinestBands into, Wavelet wavelet, ForwardScratch s)
    {
        var taps = wavelet.Length;
        var cols = region.Cols;
        var pad = plan.Pad;
        var bands = into.Bands;
        for (var j = 0; j < taps; j++)
            s.Offsets[j] = region.SourceRowOffset(SymmetricExtension.Reflect((2 * k) + 1 - j, region.Rows));
        // The unrolled axis-0 output is written at offset pad and its last pad values are copied in
        // front of it: the row rolled by dx (≤ pad) is then the contiguous slice starting at pad − dx.
        DwtKernels.ForwardColumns(region.Image.Data, s.Offsets, [new ColumnRun(pad, 0, cols)], wavelet.DecLo, wavelet.DecHi, s.Lo, s.Hi);
        s.Lo.AsSpan(cols, pad).CopyTo(s.Lo);
        s.Hi.AsSpan(cols, pad).CopyTo(s.Hi);
        for (var i = 0; i < plan.Count; i++)
        {
            var from = pad - plan.Shifts[i];
            var b = 4 * i;
            if (plan.TwoBefore[i] >= 0)
            {
                var e = 4 * plan.TwoBefore[i];
                ForwardRowTwoFurther(s.Lo.AsSpan(from, cols), bands[e].Row(k), bands[e + 1].Row(k), bands[b].Row(k), bands[b + 1].Row(k), wavelet, s);
                ForwardRowTwoFurther(s.Hi.AsSpan(from, cols), bands[e + 2].Row(k), bands[e + 3].Row(k), bands[b + 2].Row(k), bands[b + 3].Row(k), wavelet, s);
            }
            else
            {
                DwtKernels.ForwardRow(s.Lo.AsSpan(from, cols), wavelet.DecLo, wavelet.DecHi, bands[b].Row(k), bands[b + 1].Row(k), s.Even, s.Odd);
                DwtKernels.ForwardRow(s.Hi.AsSpan(from, cols), wavelet.DecLo, wavelet.DecHi, bands[b + 2].Row(k), bands[b + 3].Row(k), s.Even, s.Odd);
            }
            into.Squares[i].Take(k, bands[b + 1].Row(k), bands[b + 2].Row(k), bands[b + 3].Row(k));
        }
    }

    /// <summary>The column shifts of one row shift, as <see cref="ForwardShiftsRow"/> reads them.</summary>
    private sealed class ColumnShiftPlan
    {
        public ColumnShiftPlan(IReadOnlyList<int> columnShifts, int cols, int taps)
        {
            Count = columnShifts.Count;
            Shifts = new int[Count];
            TwoBefore = new int[Count];
            for (var i = 0; i < Count; i++)
            {
                Shifts[i] = RolledRegion.Mod(columnShifts[i], cols);
                Pad = Math.Max(Pad, Shifts[i]);
            }
            // A shift two columns beyond an earlier one reuses that one's row pass (ForwardRowTwoFurther).
            for (var i = 0; i < Count; i++)
            {
                TwoBefore[i] = -1;
                for (var e = 0; e < i && cols % 2 == 0 && cols >= 4 * taps; e++)
                {
                    if (Shifts[e] == Shifts[i] - 2)
                        TwoBefore[i] = e;
                }
            }
        }

        public int Count { get; }

        /// <summary>Each shift modulo the width.</summary>
        public int[] Shifts { get; }

        /// <summary>The largest shift: the unrolled row pass output starts this far in.</summary>
        public int Pad { get; }

        /// <summary>For each shift, the earlier shift two columns before it, or −1.</summary>
        public int[] TwoBefore { get; }
    }

    /// <summary>The finest level's four bands (pooled) and Σd² rows of each column shift of one row shift.</summary>
    private sealed class FinestBands
    {
        public FinestBands(int count, int rows, int cols)
        {
            Bands = new Plane[count * 4];
            for (var i = 0; i < Bands.Length; i++)
                Bands[i] = Plane.Rent(rows, cols, pooled: true);
            Squares = new BandRowSquares[count];
            for (var i = 0; i < count; i++)
                Squares[i] = new BandRowSquares(rows, pooled: true);
        }

        /// <summary>Per shift i: approximation, AD, DA, DD at 4i … 4i + 3.</summary>
        public Plane[] Bands { get; }

        public BandRowSquares[] Squares { get; }

        /// <summary>Row <paramref name="k"/> of every band and Σd² from row <paramref name="fromRow"/> of <paramref name="from"/>.</summary>
        public void CopyRow(int k, FinestBands from, int fromRow)
        {
            for (var b = 0; b < Bands.Length; b++)
                from.Bands[b].Row(fromRow).CopyTo(Bands[b].Row(k));
            for (var i = 0; i < Squares.Length; i++)
                Squares[i].CopyRow(k, from.Squares[i], fromRow);
        }

        /// <summary>
        /// Each shift's decomposition, its coarser levels computed from the finest approximation; a
        /// shift two columns beyond another (<see cref="ColumnShiftPlan.TwoBefore"/>) takes its second
        /// level together with that one (<see cref="ForwardLevelTwoFurther"/>).
        /// </summary>
        public WaveletDecomposition[] Decompositions(Wavelet wavelet, int levels, (int Rows, int Cols) shape, ColumnShiftPlan plan, ParallelOptions options)
        {
            var decompositions = new WaveletDecomposition[Squares.Length];
            var partnerOf = new int[Squares.Length];
            Array.Fill(partnerOf, -1);
            for (var i = 0; i < partnerOf.Length && levels >= 2; i++)
            {
                var e = plan.TwoBefore[i];
                if (e >= 0 && partnerOf[e] < 0 && plan.TwoBefore[e] < 0)
                    (partnerOf[e], partnerOf[i]) = (i, e);
            }
            for (var i = 0; i < decompositions.Length; i++)
            {
                if (decompositions[i] is not null)
                    continue;
                var j = partnerOf[i];
                if (j < 0)
                {
                    decompositions[i] = CoarserLevels(wavelet, levels, shape, Bands[4 * i], Finest(i), pooled: true, options);
                    continue;
                }
                var (a, b) = ForwardLevelTwoFurther(Bands[4 * i], Bands[4 * j], wavelet, pooled: true, options);
                (int, int) approxShape = (Bands[4 * i].Rows, Bands[4 * i].Cols);
                Bands[4 * i].Return();
                Bands[4 * j].Return();
                decompositions[i] = CoarserLevels(wavelet, levels, [shape, approxShape], [Finest(i), a.Detail], a.Approx, pooled: true, options);
                decompositions[j] = CoarserLevels(wavelet, levels, [shape, approxShape], [Finest(j), b.Detail], b.Approx, pooled: true, options);
            }
            return decompositions;
        }

        private WaveletLevel Finest(int i) => new(Bands[(4 * i) + 1], Bands[(4 * i) + 2], Bands[(4 * i) + 3]) { Squares = Squares[i] };
    }

    /// <summary>
    /// The axis-1 analysis of <paramref name="row"/> (even length n ≥ 4L) from that of the same row
    /// rolled two samples less (<paramref name="earlierLo"/>, <paramref name="earlierHi"/>): rolling by
    /// two moves coefficient j − 1 to j wherever neither support touches an end of the row
    /// (L/2 ≤ j ≤ n/2 − 1), so those are copied (the same values); the few at each end, which see the
    /// symmetric extension, are computed by the ordinary row pass over the row's first and last 2L
    /// samples (an even cut keeps the decimation phase, and coefficients that far from the cut see
    /// exactly the samples and extension the whole row gives them): bit-identical to a full pass.
    /// </summary>
    private static void ForwardRowTwoFurther(ReadOnlySpan<double> row, ReadOnlySpan<double> earlierLo, ReadOnlySpan<double> earlierHi, Span<double> outLo, Span<double> outHi, Wavelet wavelet, ForwardScratch s)
    {
        var taps = wavelet.Length;
        var n = row.Length;
        var m = outLo.Length;
        var first = taps / 2;
        var interior = (n / 2) - first;
        earlierLo.Slice(first - 1, interior).CopyTo(outLo[first..]);
        earlierHi.Slice(first - 1, interior).CopyTo(outHi[first..]);
        var edge = 2 * taps;
        var edgeCoefficients = (edge + taps - 1) / 2;
        var patchLo = s.PatchLo.AsSpan(0, edgeCoefficients);
        var patchHi = s.PatchHi.AsSpan(0, edgeCoefficients);
        DwtKernels.ForwardRow(row[..edge], wavelet.DecLo, wavelet.DecHi, patchLo, patchHi, s.Even, s.Odd);
        patchLo[..first].CopyTo(outLo);
        patchHi[..first].CopyTo(outHi);
        // Coefficient j' of the last 2L samples is coefficient j' + (n − 2L)/2 of the row.
        DwtKernels.ForwardRow(row[(n - edge)..], wavelet.DecLo, wavelet.DecHi, patchLo, patchHi, s.Even, s.Odd);
        patchLo.Slice(edge / 2, m - (n / 2)).CopyTo(outLo[(n / 2)..]);
        patchHi.Slice(edge / 2, m - (n / 2)).CopyTo(outHi[(n / 2)..]);
    }

    /// <summary>Coefficient rows of the finest level that its inverse reads for a <paramref name="rows"/>-row output.</summary>
    internal static int FinestRowsRead(int rows, Wavelet wavelet) => ((rows + 1) / 2) + (wavelet.Length / 2) - 1;

    /// <summary>
    /// The finest level's axis-1 synthesis of every piece, unrolled into window columns and summed
    /// into <paramref name="sumLow"/> / <paramref name="sumHigh"/> (one row per finest-level
    /// coefficient row), for pieces decomposed a batch at a time; <see cref="InverseFinestOfSums"/>
    /// does the same in one pass when all pieces are at hand.
    /// </summary>
    internal static void AccumulateFinestRows(IReadOnlyList<ColumnShiftPiece> pieces, ThresholdMode mode, Plane sumLow, Plane sumHigh, ParallelOptions options)
    {
        var (widest, coefficients) = PieceShape(pieces);
        RowBlocks.For(sumLow.Rows, options, () => InverseScratch.ForThisThread(widest, coefficients, 1), (start, end, s) =>
        {
            for (var k = start; k < end; k++)
                SumFinestRow(k, pieces, mode, sumLow.Row(k), sumHigh.Row(k), s);
        });
    }

    /// <summary>Output row pairs per block of <see cref="InverseFinestOfSums"/>: its summed rows stay in L2.</summary>
    private const int SummedPairsPerBlock = 16;

    /// <summary>
    /// The whole finest-level inverse of the summed pieces, as <see cref="InverseLevel"/> with each
    /// low/high row the sum over the pieces, block by block: the pieces' axis-1 rows of a block of
    /// output pairs are summed into a small buffer (piece after piece, so only one piece's four
    /// bands stream from memory at a time), then the axis-0 pass reads it. No full-size sum planes.
    /// </summary>
    internal static void InverseFinestOfSums(IReadOnlyList<ColumnShiftPiece> pieces, ThresholdMode mode, Wavelet wavelet, int rows, int cols, RowSink sink, ParallelOptions options)
    {
        var (widest, coefficients) = PieceShape(pieces);
        var half = (wavelet.Length / 2) - 1;
        var pairs = (rows + 1) / 2;
        var depth = SummedPairsPerBlock + half;
        RowBlocks.For(pairs, options, InversePairsPerBlock, () => SummedBlockScratch.ForThisThread(cols, depth, widest, coefficients), (start, end, s) =>
        {
            var sums = s.Sums;
            for (var first = start; first < end; first += SummedPairsPerBlock)
            {
                var last = Math.Min(end, first + SummedPairsPerBlock);
                // Coefficient rows first .. last − 1 + half feed output pairs first .. last − 1.
                foreach (var piece in pieces)
                {
                    for (var k = first; k < last + half; k++)
                    {
                        var at = (k - first) * cols;
                        SumFinestRow(k, piece, mode, sums.Low.AsSpan(at, cols), sums.High.AsSpan(at, cols), s.Piece);
                    }
                }
                for (var m = first; m < last; m++)
                {
                    for (var j = 0; j <= half; j++)
                        sums.Offsets[j] = (m + half - j - first) * cols;
                    var hasOdd = (2 * m) + 1 < rows;
                    DwtKernels.InverseColumns(sums.Low, sums.High, sums.Offsets, wavelet.RecLo, wavelet.RecHi, cols, sums.EvenRow, sums.OddRow, hasOdd);
                    SinkSplit(sink, 2 * m, sums.EvenRow, sums.Interleaved);
                    if (hasOdd)
                        SinkSplit(sink, (2 * m) + 1, sums.OddRow, sums.Interleaved);
                }
            }
        });
    }

    /// <summary>An output row synthesised from split sums (<see cref="SplitRuns"/>), interleaved for the sink.</summary>
    private static void SinkSplit(RowSink sink, int row, double[] split, double[] interleaved)
    {
        var cols = split.Length;
        var evens = (cols + 1) / 2;
        DwtKernels.Interleave(split.AsSpan(0, evens), split.AsSpan(evens), interleaved);
        sink(row, interleaved);
    }

    private static (int Widest, int Coefficients) PieceShape(IReadOnlyList<ColumnShiftPiece> pieces)
    {
        int widest = 0, coefficients = 0;
        foreach (var piece in pieces)
        {
            widest = Math.Max(widest, piece.Width);
            coefficients = Math.Max(coefficients, piece.Finest.DD.Cols);
        }
        return (widest, coefficients);
    }

    /// <summary>
    /// Finest-level coefficient row k of every piece synthesised along axis 1 and summed, unrolled,
    /// into the split rows (<see cref="SplitRuns"/>) <paramref name="toLow"/> / <paramref name="toHigh"/>,
    /// in list order (column shift order).
    /// </summary>
    private static void SumFinestRow(int k, IReadOnlyList<ColumnShiftPiece> pieces, ThresholdMode mode, Span<double> toLow, Span<double> toHigh, InverseScratch s)
    {
        foreach (var piece in pieces)
            SumFinestRow(k, piece, mode, toLow, toHigh, s);
    }

    /// <summary>
    /// One piece's row k, synthesised along axis 1 and added (copied when the piece starts the sum)
    /// at its window columns: every run sums a pixel's terms in column-shift order.
    /// </summary>
    private static void SumFinestRow(int k, ColumnShiftPiece piece, ThresholdMode mode, Span<double> toLow, Span<double> toHigh, InverseScratch s)
    {
        // As SynthesizeRow, but each row's even/odd outputs go straight into the split sums (no interleaving).
        var w = piece.Decomposition.Wavelet;
        var detail = piece.Finest;
        var t = piece.Thresholds;
        // Thresholded as loaded (ShrunkInverse4) where it applies: the same values, no thresholded copy.
        if (ShrunkInverse4.Applies(w.Length, mode, t))
        {
            var pairs = (piece.Width + 1) / 2;
            ShrunkInverse4.Pairs(piece.Approximation.Row(k), detail.AD.Row(k), pairs, w.RecLo, w.RecHi, false, 0, t.AD, s.Even, s.Odd);
            SplitRuns.Into(s.Even, s.Odd, piece.Runs, toLow, piece.StartsSum);
            ShrunkInverse4.Pairs(detail.DA.Row(k), detail.DD.Row(k), pairs, w.RecLo, w.RecHi, true, t.DA, t.DD, s.Even, s.Odd);
            SplitRuns.Into(s.Even, s.Odd, piece.Runs, toHigh, piece.StartsSum, mostlyZero: true);
            return;
        }
        var ad = Shrunk(detail.AD.Row(k), s.First, t.AD, mode);
        DwtKernels.InversePairs(piece.Approximation.Row(k), ad, w.RecLo, w.RecHi, piece.Width, s.Even, s.Odd);
        SplitRuns.Into(s.Even, s.Odd, piece.Runs, toLow, piece.StartsSum);
        var da = Shrunk(detail.DA.Row(k), s.First, t.DA, mode);
        var dd = Shrunk(detail.DD.Row(k), s.Second, t.DD, mode);
        DwtKernels.InversePairs(da, dd, w.RecLo, w.RecHi, piece.Width, s.Even, s.Odd);
        SplitRuns.Into(s.Even, s.Odd, piece.Runs, toHigh, piece.StartsSum);
    }

    /// <summary>Per-worker scratch of <see cref="InverseFinestOfSums"/>: a block of summed rows and one piece's rows.</summary>
    private sealed class SummedBlockScratch(int cols, int depth, int widest, int coefficients)
    {
        public readonly InverseScratch Sums = new(cols, 1, depth);
        public readonly InverseScratch Piece = new(widest, coefficients, 1);

        [ThreadStatic]
        private static Dictionary<(int, int, int, int), SummedBlockScratch>? t_cache;

        /// <summary>This thread's scratch of that shape, reused as the other per-thread scratch is.</summary>
        public static SummedBlockScratch ForThisThread(int cols, int depth, int widest, int coefficients)
        {
            var cache = t_cache ??= [];
            if (!cache.TryGetValue((cols, depth, widest, coefficients), out var scratch))
                cache[(cols, depth, widest, coefficients)] = scratch = new SummedBlockScratch(cols, depth, widest, coefficients);
            return scratch;
        }
    }

    /// <summary>
    /// The finest level's axis-0 synthesis over summed low/high rows: output rows (of
    /// <paramref name="rows"/>) go to <paramref name="sink"/>, as <see cref="ReconstructInto"/>'s last pass.
    /// </summary>
    internal static void InverseColumnsOfSums(Plane sumLow, Plane sumHigh, Wavelet wavelet, int rows, RowSink sink, ParallelOptions options)
    {
        var half = (wavelet.Length / 2) - 1;
        var cols = sumLow.Cols;
        var pairs = (rows + 1) / 2;
        RowBlocks.For(pairs, options, InversePairsPerBlock, () => InverseScratch.ForThisThread(cols, 1, half + 1), (start, end, s) =>
        {
            for (var m = start; m < end; m++)
            {
                for (var j = 0; j <= half; j++)
                    s.Offsets[j] = (m + half - j) * cols;
                var hasOdd = (2 * m) + 1 < rows;
                DwtKernels.InverseColumns(sumLow.Data, sumHigh.Data, s.Offsets, wavelet.RecLo, wavelet.RecHi, cols, s.EvenRow, s.OddRow, hasOdd);
                SinkSplit(sink, 2 * m, s.EvenRow, s.Interleaved);
                if (hasOdd)
                    SinkSplit(sink, (2 * m) + 1, s.OddRow, s.Interleaved);
            }
        });
    }
}
