namespace VolunteerGrid.WorkUnits.Wavelets;

public static partial class WaveletTransform2D
{
    /// <summary>
    /// One analysis level of <paramref name="x"/> and of <paramref name="x2"/>, the finest
    /// approximation of the column shift two beyond x's (<see cref="ForwardRowTwoFurther"/>): x2's
    /// column c is x's column c − 1 except its first L/2 and last L/2 − 1 columns. The axis-0 pass
    /// filters each column on its own, so x2's axis-0 output copies x's one column further and
    /// computes only those end columns: the same values as its own pass. The axis-1 passes differ
    /// (a one-sample shift changes the decimation phase) and run for each.
    /// </summary>
    private static ((Plane Approx, WaveletLevel Detail) First, (Plane Approx, WaveletLevel Detail) Second) ForwardLevelTwoFurther(
        Plane x, Plane x2, Wavelet w, bool pooled, ParallelOptions options)
    {
        var taps = w.Length;
        var (rows, cols) = (x.Rows, x.Cols);
        var m0 = (rows + taps - 1) / 2;
        var m1 = (cols + taps - 1) / 2;
        var first = ForwardOutput.Rent(m0, m1, pooled);
        var second = ForwardOutput.Rent(m0, m1, pooled);
        // Columns [L/2, cols − L/2 + 1) of x2 are x's one further; the rest are computed.
        var sharedFrom = taps / 2;
        var sharedTo = cols - (taps / 2) + 1;
        ColumnRun[] whole = [new ColumnRun(0, 0, cols)];
        ColumnRun[] ends = [new ColumnRun(0, 0, sharedFrom), new ColumnRun(sharedTo, sharedTo, cols - sharedTo)];
        var wholeX = RolledRegion.Whole(x);
        RowBlocks.For(m0, options, () => ForwardScratch.ForThisThread(cols, (taps / 2) - 1, taps), (start, end, s) =>
        {
            for (var k = start; k < end; k++)
            {
                for (var j = 0; j < taps; j++)
                    s.Offsets[j] = wholeX.SourceRowOffset(SymmetricExtension.Reflect((2 * k) + 1 - j, rows));
                DwtKernels.ForwardColumns(x.Data, s.Offsets, whole, w.DecLo, w.DecHi, s.Lo, s.Hi);
                s.Lo.AsSpan(sharedFrom - 1, sharedTo - sharedFrom).CopyTo(s.Lo2.AsSpan(sharedFrom));
                s.Hi.AsSpan(sharedFrom - 1, sharedTo - sharedFrom).CopyTo(s.Hi2.AsSpan(sharedFrom));
                DwtKernels.ForwardColumns(x2.Data, s.Offsets, ends, w.DecLo, w.DecHi, s.Lo2, s.Hi2);
                first.RowPass(k, s.Lo, s.Hi, w, s);
                second.RowPass(k, s.Lo2, s.Hi2, w, s);
            }
        });
        return ((first.Approx, first.Detail), (second.Approx, second.Detail));
    }

    /// <summary>The four bands and Σd² rows one analysis level writes.</summary>
    private sealed class ForwardOutput(Plane approx, Plane ad, Plane da, Plane dd, BandRowSquares squares)
    {
        public static ForwardOutput Rent(int rows, int cols, bool pooled) =>
            new(Plane.Rent(rows, cols, pooled), Plane.Rent(rows, cols, pooled), Plane.Rent(rows, cols, pooled), Plane.Rent(rows, cols, pooled), new BandRowSquares(rows, pooled));

        public Plane Approx => approx;

        public WaveletLevel Detail => new(ad, da, dd) { Squares = squares };

        /// <summary>Row k of the four bands from the axis-0 output rows <paramref name="lo"/> and <paramref name="hi"/>.</summary>
        public void RowPass(int k, double[] lo, double[] hi, Wavelet w, ForwardScratch s)
        {
            DwtKernels.ForwardRow(lo, w.DecLo, w.DecHi, approx.Row(k), ad.Row(k), s.Even, s.Odd);
            DwtKernels.ForwardRow(hi, w.DecLo, w.DecHi, da.Row(k), dd.Row(k), s.Even, s.Odd);
            squares.Take(k, ad.Row(k), da.Row(k), dd.Row(k));
        }
    }
}
