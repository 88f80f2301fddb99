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
}
