using VolunteerGrid.WorkUnits.Wavelets.OpenCl;

namespace VolunteerGrid.WorkUnits.Wavelets;

/// <summary>
/// Cycle spinning on the CPU by row shift: the K+1 column shifts of one row shift share the finest
/// level's axis-0 analysis and synthesis (see WaveletTransform2D.ColumnShifts.cs), so the
/// full-size running sum is touched once per row shift instead of once per shift.
/// </summary>
public static partial class WaveletDenoiser
{
    private static void RunByRowShift(
        Plane image, bool blanks, Job job, double fill, TileWindow window,
        Func<(int Dy, int Dx), Func<WaveletDecomposition, ShiftThresholds>> thresholds, Plane sum, Plane result, ParallelOptions options)
    {
        // cycle_spin's shifts are product(range(K+1), range(K+1)): row shift outermost.
        var perAxis = job.Settings.CycleSpin + 1;
        (int Dy, int Dx)[] Group(int g) => job.Shifts.Skip(g * perAxis).Take(perAxis).ToArray();
        var order = RowShiftOrder(perAxis);
        for (var i = 0; i < order.Length; i++)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            var group = Group(order[i]);
            var placement = ShiftPlacement.For(i, perAxis, sum, result, job.Shifts.Count);
            if (i + 1 < order.Length && order[i + 1] == order[i] + 2
                && TryDenoiseRowShiftPair(image, blanks, job, group, Group(order[i + 1]), thresholds, window, placement, ShiftPlacement.For(i + 1, perAxis, sum, result, job.Shifts.Count), options))
            {
                i++;
                continue;
            }
            foreach (var (rowStart, rowEnd) in Wrapped(window.Row + group[0].Dy, window.Rows, image.Rows))
            {
                options.CancellationToken.ThrowIfCancellationRequested();
                DenoiseRowShift(image, blanks, job, fill, group, thresholds, (rowStart, rowEnd), window, placement, options);
            }
        }
    }

    /// <summary>
    /// The order in which the row shifts' sums enter the mean: 0, 2, 1, 3, then 4, 6, 5, 7, …, so
    /// that row shifts two apart come one after the other and can share their finest level
    /// (<see cref="TryDenoiseRowShiftPair"/>). Tiles sum in the same order as the whole image;
    /// against cycle_spin's order the mean changes by rounding only.
    /// </summary>
    internal static int[] RowShiftOrder(int count)
    {
        var order = new List<int>(count);
        for (var b = 0; b < count; b += 4)
        {
            foreach (var g in (ReadOnlySpan<int>)[b, b + 2, b + 1, b + 3])
            {
                if (g < count)
                    order.Add(g);
            }
        }
        return [.. order];
    }

    /// <summary>
    /// Row shifts dy and dy + 2 of a whole image without blanks on the CPU, decomposed together
    /// (<see cref="WaveletTransform2D.DecomposeColumnShifts(Plane, int, int, int, IReadOnlyList{int}, Wavelet, int, bool, ParallelOptions)"/>:
    /// most of dy + 2's finest level is dy's, one row further) and then summed and placed one after
    /// the other, as two separate row shifts would be. False, with nothing done, where that does not
    /// apply or both row shifts' decompositions would not fit the column-shift memory budget.
    /// </summary>
    private static bool TryDenoiseRowShiftPair(
        Plane image, bool blanks, Job job, (int Dy, int Dx)[] first, (int Dy, int Dx)[] second,
        Func<(int Dy, int Dx), Func<WaveletDecomposition, ShiftThresholds>> thresholds,
        TileWindow window, ShiftPlacement placeFirst, ShiftPlacement placeSecond, ParallelOptions options)
    {
        var whole = window.Row == 0 && window.Col == 0 && window.Rows == image.Rows && window.Cols == image.Cols;
        if (job.Engine is not CpuDwtEngine || blanks || !whole || !WaveletTransform2D.CanShareTwoRowsFurther(image, 0, image.Rows, job.Wavelet)
            || 2L * first.Length * PieceBytes(image.Rows, image.Cols) > job.ColumnShiftBatchBytes)
        {
            return false;
        }
        var dxs = first.Select(s => s.Dx).ToArray();
        var (a, b) = WaveletTransform2D.DecomposeColumnShifts(image, first[0].Dy, 0, image.Rows, dxs, job.Wavelet, job.Levels, twoRowsFurther: true, options);
        var decompositions = a.Concat(b!).ToArray();
        var shifts = first.Concat(second).ToArray();
        var pieces = new List<ColumnShiftPiece>(decompositions.Length);
        try
        {
            for (var i = 0; i < decompositions.Length; i++)
                pieces.Add(Piece(decompositions[i], job, thresholds(shifts[i]), shifts[i], (0, image.Cols), 0, image.Cols, window, i % first.Length == 0, options));
            foreach (var (range, dy, placement) in new[] { (0..first.Length, first[0].Dy, placeFirst), (first.Length..pieces.Count, second[0].Dy, placeSecond) })
            {
                WaveletTransform2D.InverseFinestOfSums(
                    pieces[range], job.Settings.Mode, job.Wavelet, image.Rows, image.Cols,
                    (row, values) => placement.Place(values, Mod(row - dy, image.Rows), 0), options);
            }
        }
        finally
        {
            foreach (var piece in pieces)
                piece.Release();
            // Those not yet wrapped in a piece (a threshold threw).
            foreach (var decomposition in decompositions.Skip(pieces.Count))
                WaveletTransform2D.Release(decomposition);
        }
        return true;
    }

    /// <summary>
    /// Memory of one decomposition with its coarser levels synthesised: about 1.6 values per input
    /// pixel (four finest bands, 1/3 more for the coarser ones, a quarter for the approximation).
    /// </summary>
    private static long PieceBytes(int rows, int cols) => (long)(1.6 * 8 * rows * cols);

    /// <summary>
    /// Rows [Start, End) of the image rolled by the group's row shift, denoised under every column
    /// shift of the group, summed and placed (unrolled) into the window.
    /// </summary>
    private static void DenoiseRowShift(
        Plane image, bool blanks, Job job, double fill, (int Dy, int Dx)[] group,
        Func<(int Dy, int Dx), Func<WaveletDecomposition, ShiftThresholds>> thresholds,
        (int Start, int End) rowRange, TileWindow window, ShiftPlacement placement, ParallelOptions options)
    {
        var dy = group[0].Dy;
        var (pr0, pr1) = DenoiseTiling.PaddedRange(rowRange.Start, rowRange.End, image.Rows, job.Wavelet.Length, job.Levels);
        var rows = pr1 - pr0;
        var pieceBytes = PieceBytes(rows, Math.Min(image.Cols, window.Cols + (2 * DenoiseTiling.Margin(job.Wavelet.Length, job.Levels))));
        var batch = (int)Math.Clamp(job.ColumnShiftBatchBytes / Math.Max(pieceBytes, 1), 1, group.Length);
        // Synthesised row pr0 + row of the rolled image lands on window row (pr0 + row − dy) mod rows − window.Row.
        void Place(int row, ReadOnlySpan<double> values)
        {
            var rr = pr0 + row;
            if (rr >= rowRange.Start && rr < rowRange.End)
                placement.Place(values, Mod(rr - dy, image.Rows) - window.Row, 0);
        }
        if (batch == group.Length)
        {
            var pieces = DecomposeColumnShifts(image, blanks, job, fill, group, 0, group.Length, thresholds, (pr0, pr1), window, options);
            try
            {
                WaveletTransform2D.InverseFinestOfSums(pieces, job.Settings.Mode, job.Wavelet, rows, window.Cols, Place, options);
            }
            finally
            {
                foreach (var piece in pieces)
                    piece.Release();
            }
            return;
        }
        // Too large for every column shift at once: the same sums, kept in full-size planes.
        var finestRows = WaveletTransform2D.FinestRowsRead(rows, job.Wavelet);
        var sumLow = Plane.Rent(finestRows, window.Cols, pooled: true);
        var sumHigh = Plane.Rent(finestRows, window.Cols, pooled: true);
        try
        {
            for (var b = 0; b < group.Length; b += batch)
            {
                var pieces = DecomposeColumnShifts(image, blanks, job, fill, group, b, Math.Min(batch, group.Length - b), thresholds, (pr0, pr1), window, options);
                try
                {
                    WaveletTransform2D.AccumulateFinestRows(pieces, job.Settings.Mode, sumLow, sumHigh, options);
                }
                finally
                {
                    foreach (var piece in pieces)
                        piece.Release();
                }
            }
            WaveletTransform2D.InverseColumnsOfSums(sumLow, sumHigh, job.Wavelet, rows, Place, options);
        }
        finally
        {
            sumLow.Return();
            sumHigh.Return();
        }
    }

    /// <summary>
    /// Decomposes, thresholds and synthesises above the finest level the shifts
    /// group[first .. first + count) over rows [pr0, pr1) of the rolled image: one piece per
    /// column range of the window (two where the rolled window wraps).
    /// </summary>
    private static List<ColumnShiftPiece> DecomposeColumnShifts(
        Plane image, bool blanks, Job job, double fill, (int Dy, int Dx)[] group, int first, int count,
        Func<(int Dy, int Dx), Func<WaveletDecomposition, ShiftThresholds>> thresholds,
        (int Start, int End) paddedRows, TileWindow window, ParallelOptions options)
    {
        var dy = group[0].Dy;
        var pieces = new List<ColumnShiftPiece>(count);
        try
        {
            // Whole rows of an image without blanks: one axis-0 pass for every column shift.
            if (job.Engine is CpuDwtEngine && !blanks && window.Cols == image.Cols)
            {
                var dxs = group.Skip(first).Take(count).Select(s => s.Dx).ToArray();
                var decompositions = WaveletTransform2D.DecomposeColumnShifts(
                    image, dy, paddedRows.Start, paddedRows.End - paddedRows.Start, dxs, job.Wavelet, job.Levels, options);
                for (var i = 0; i < decompositions.Length; i++)
                {
                    var shift = group[first + i];
                    pieces.Add(Piece(decompositions[i], job, thresholds(shift), shift, (0, image.Cols), 0, image.Cols, window, first + i == 0, options));
                }
                return pieces;
            }
            for (var i = first; i < first + count; i++)
            {
                var shift = group[i];
                foreach (var (colStart, colEnd) in Wrapped(window.Col + shift.Dx, window.Cols, image.Cols))
                {
                    var (pc0, pc1) = DenoiseTiling.PaddedRange(colStart, colEnd, image.Cols, job.Wavelet.Length, job.Levels);
                    var decomposition = DecomposeRolled(image, blanks, job, fill, shift, paddedRows.Start, paddedRows.End, pc0, pc1, options);
                    pieces.Add(Piece(decomposition, job, thresholds(shift), shift, (colStart, colEnd), pc0, image.Cols, window, i == 0, options));
                }
            }
            return pieces;
        }
        catch
        {
            foreach (var piece in pieces)
                piece.Release();
            throw;
        }
    }

    /// <summary>
    /// Thresholds the decomposition of region columns from <paramref name="pc0"/>, synthesises its
    /// coarser levels, and maps rolled columns [Start, End) to the window's unrolled columns.
    /// </summary>
    private static ColumnShiftPiece Piece(
        WaveletDecomposition decomposition, Job job, Func<WaveletDecomposition, ShiftThresholds> thresholds, (int Dy, int Dx) shift,
        (int Start, int End) columns, int pc0, int imageCols, TileWindow window, bool startsSum, ParallelOptions options)
    {
        var t = thresholds(decomposition);
        var approximation = WaveletTransform2D.ReconstructAboveFinest(decomposition, t.Levels, job.Settings.Mode, options);
        // The rolled columns map to at most two runs of original columns.
        var runs = new List<ColumnRun>(2);
        var cc = columns.Start;
        while (cc < columns.End)
        {
            var original = Mod(cc - shift.Dx, imageCols);
            var run = Math.Min(columns.End - cc, imageCols - original);
            runs.Add(new ColumnRun(original - window.Col, cc - pc0, run));
            cc += run;
        }
        return new ColumnShiftPiece(decomposition, approximation, t.Levels[0], [.. runs], startsSum);
    }
}
