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
        for (var g = 0; g < perAxis; g++)
        {
            var group = job.Shifts.Skip(g * perAxis).Take(perAxis).ToArray();
            var placement = ShiftPlacement.For(g, perAxis, sum, result, job.Shifts.Count);
            foreach (var (rowStart, rowEnd) in Wrapped(window.Row + group[0].Dy, window.Rows, image.Rows))
            {
                options.CancellationToken.ThrowIfCancellationRequested();
                DenoiseRowShift(image, blanks, job, fill, group, thresholds, (rowStart, rowEnd), window, placement, options);
            }
        }
    }

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
        // A decomposition with its coarser levels synthesised holds about 1.6 values per input
        // pixel (four finest bands, 1/3 more for the coarser ones, a quarter for the approximation).
        var pieceBytes = (long)(1.6 * 8 * rows * Math.Min(image.Cols, window.Cols + (2 * DenoiseTiling.Margin(job.Wavelet.Length, job.Levels))));
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
