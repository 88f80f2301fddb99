namespace VolunteerGrid.WorkUnits.Wavelets;

/// <summary>
/// The finest level's synthesis of the column shifts of one row shift, summed before its axis-0
/// pass (see WaveletTransform2D.ColumnShifts.cs for why that is exact up to rounding).
/// </summary>
public static partial class WaveletTransform2D
{
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
