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
                    DwtKernels.ForwardRow(s.Lo.AsSpan(from, cols), wavelet.DecLo, wavelet.DecHi, bands[b].Row(k), bands[b + 1].Row(k), s.Even, s.Odd);
                    DwtKernels.ForwardRow(s.Hi.AsSpan(from, cols), wavelet.DecLo, wavelet.DecHi, bands[b + 2].Row(k), bands[b + 3].Row(k), s.Even, s.Odd);
                }
            }
        });
        var decompositions = new WaveletDecomposition[count];
        for (var i = 0; i < count; i++)
        {
            var b = 4 * i;
            var finest = new WaveletLevel(bands[b + 1], bands[b + 2], bands[b + 3]);
            decompositions[i] = CoarserLevels(wavelet, levels, (rows, cols), bands[b], finest, pooled: true, options);
        }
        return decompositions;
    }

    /// <summary>Coefficient rows of the finest level that its inverse reads for a <paramref name="rows"/>-row output.</summary>
    internal static int FinestRowsRead(int rows, Wavelet wavelet) => ((rows + 1) / 2) + (wavelet.Length / 2) - 1;

    /// <summary>
    /// The finest level's axis-1 synthesis of every piece, unrolled into window columns and summed
    /// into <paramref name="sumLow"/> / <paramref name="sumHigh"/> (one row per finest-level
    /// coefficient row): pieces that start the sum copy, the others add, in list order.
    /// </summary>
    internal static void AccumulateFinestRows(IReadOnlyList<ColumnShiftPiece> pieces, ThresholdMode mode, Plane sumLow, Plane sumHigh, ParallelOptions options)
    {
        int widest = 0, coefficients = 0;
        foreach (var piece in pieces)
        {
            widest = Math.Max(widest, piece.Width);
            coefficients = Math.Max(coefficients, piece.Finest.DD.Cols);
        }
        RowBlocks.For(sumLow.Rows, options, () => InverseScratch.ForThisThread(widest, coefficients, 1), (start, end, s) =>
        {
            for (var k = start; k < end; k++)
            {
                var toLow = sumLow.Row(k);
                var toHigh = sumHigh.Row(k);
                foreach (var piece in pieces)
                {
                    var low = s.Low.AsSpan(0, piece.Width);
                    var high = s.High.AsSpan(0, piece.Width);
                    SynthesizeRow(k, piece.Approximation, piece.Finest, piece.Thresholds, mode, piece.Decomposition.Wavelet, low, high, s);
                    foreach (var run in piece.Runs)
                    {
                        ColumnSum.Into(low.Slice(run.Source, run.Length), toLow.Slice(run.Target, run.Length), piece.StartsSum);
                        ColumnSum.Into(high.Slice(run.Source, run.Length), toHigh.Slice(run.Target, run.Length), piece.StartsSum);
                    }
                }
            }
        });
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
                sink(2 * m, s.EvenRow);
                if (hasOdd)
                    sink((2 * m) + 1, s.OddRow);
            }
        });
    }
}
