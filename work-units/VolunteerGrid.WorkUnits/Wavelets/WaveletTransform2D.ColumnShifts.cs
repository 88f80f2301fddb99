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
        Plane image, int dy, int row0, int rows, IReadOnlyList<int> columnShifts, Wavelet wavelet, int levels, ParallelOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 1);
        var cols = image.Cols;
        var taps = wavelet.Length;
        var m0 = (rows + taps - 1) / 2;
        var m1 = (cols + taps - 1) / 2;
        var count = columnShifts.Count;
        var shifts = new int[count];
        var pad = 0;
        for (var i = 0; i < count; i++)
        {
            shifts[i] = RolledRegion.Mod(columnShifts[i], cols);
            pad = Math.Max(pad, shifts[i]);
        }
        var bands = new Plane[count * 4];
        for (var i = 0; i < bands.Length; i++)
            bands[i] = Plane.Rent(m0, m1, pooled: true);
        var squares = new BandRowSquares[count];
        for (var i = 0; i < count; i++)
            squares[i] = new BandRowSquares(m0, pooled: true);
        // A shift two columns beyond an earlier one reuses that one's row pass (ForwardRowTwoFurther).
        var twoBefore = new int[count];
        for (var i = 0; i < count; i++)
        {
            twoBefore[i] = -1;
            for (var e = 0; e < i && cols % 2 == 0 && cols >= 4 * taps; e++)
            {
                if (shifts[e] == shifts[i] - 2)
                    twoBefore[i] = e;
            }
        }
        var region = new RolledRegion(image, dy, 0, row0, 0, rows, cols);
        // The unrolled axis-0 output is written at offset pad and its last pad values are copied in
        // front of it: the row rolled by dx (≤ pad) is then the contiguous slice starting at pad − dx.
        ColumnRun[] unrolled = [new ColumnRun(pad, 0, cols)];
        RowBlocks.For(m0, options, () => ForwardScratch.ForThisThread(cols + pad, (taps / 2) - 1, taps), (start, end, s) =>
        {
            for (var k = start; k < end; k++)
            {
                for (var j = 0; j < taps; j++)
                    s.Offsets[j] = region.SourceRowOffset(SymmetricExtension.Reflect((2 * k) + 1 - j, rows));
                DwtKernels.ForwardColumns(image.Data, s.Offsets, unrolled, wavelet.DecLo, wavelet.DecHi, s.Lo, s.Hi);
                s.Lo.AsSpan(cols, pad).CopyTo(s.Lo);
                s.Hi.AsSpan(cols, pad).CopyTo(s.Hi);
                for (var i = 0; i < count; i++)
                {
                    var from = pad - shifts[i];
                    var b = 4 * i;
                    if (twoBefore[i] >= 0)
                    {
                        var e = 4 * twoBefore[i];
                        ForwardRowTwoFurther(s.Lo.AsSpan(from, cols), bands[e].Row(k), bands[e + 1].Row(k), bands[b].Row(k), bands[b + 1].Row(k), wavelet, s);
                        ForwardRowTwoFurther(s.Hi.AsSpan(from, cols), bands[e + 2].Row(k), bands[e + 3].Row(k), bands[b + 2].Row(k), bands[b + 3].Row(k), wavelet, s);
                    }
                    else
                    {
                        DwtKernels.ForwardRow(s.Lo.AsSpan(from, cols), wavelet.DecLo, wavelet.DecHi, bands[b].Row(k), bands[b + 1].Row(k), s.Even, s.Odd);
                        DwtKernels.ForwardRow(s.Hi.AsSpan(from, cols), wavelet.DecLo, wavelet.DecHi, bands[b + 2].Row(k), bands[b + 3].Row(k), s.Even, s.Odd);
                    }
                    squares[i].Take(k, bands[b + 1].Row(k), bands[b + 2].Row(k), bands[b + 3].Row(k));
                }
            }
        });
        var decompositions = new WaveletDecomposition[count];
        for (var i = 0; i < count; i++)
        {
            var b = 4 * i;
            var finest = new WaveletLevel(bands[b + 1], bands[b + 2], bands[b + 3]) { Squares = squares[i] };
            decompositions[i] = CoarserLevels(wavelet, levels, (rows, cols), bands[b], finest, pooled: true, options);
        }
        return decompositions;
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
