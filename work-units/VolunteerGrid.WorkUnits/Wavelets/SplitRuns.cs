namespace VolunteerGrid.WorkUnits.Wavelets;

/// <summary>
/// The cycle-spin finest-level sums (<see cref="WaveletTransform2D.InverseFinestOfSums"/>) are kept
/// de-interleaved: a summed row of n window columns holds its even columns first, ⌈n/2⌉ of them,
/// then its odd columns. The axis-1 synthesis produces even and odd outputs separately, so each
/// piece's outputs then add into the sums as (at most four) contiguous runs with no shuffles, and
/// the axis-0 synthesis, which treats every column alike, runs on the split rows as they are; only
/// its output rows are interleaved, once per row shift instead of once per piece and band. Every
/// sum element receives the same terms in the same order as an interleaved sum would.
/// </summary>
internal static class SplitRuns
{
    /// <summary>Where window column <paramref name="column"/> lies in a split row of <paramref name="width"/> columns.</summary>
    public static int IndexOf(int column, int width) => (column & 1) == 0 ? column >> 1 : ((width + 1) >> 1) + (column >> 1);

    /// <summary>
    /// For each run, region position Source + i (x[2m] = even[m], x[2m+1] = odd[m]) goes to window
    /// column Target + i of the split row <paramref name="target"/>: copied when
    /// <paramref name="starts"/>, added otherwise.
    /// </summary>
    public static void Into(ReadOnlySpan<double> even, ReadOnlySpan<double> odd, ColumnRun[] runs, Span<double> target, bool starts) =>
        Into(even, odd, runs, target, starts, mostlyZero: false);

    /// <summary>
    /// As <see cref="Into(ReadOnlySpan{double}, ReadOnlySpan{double}, ColumnRun[], Span{double}, bool)"/>;
    /// with <paramref name="mostlyZero"/>, vectors of zeros are skipped (<see cref="ColumnSum.IntoSkippingZeros"/>).
    /// </summary>
    public static void Into(ReadOnlySpan<double> even, ReadOnlySpan<double> odd, ColumnRun[] runs, Span<double> target, bool starts, bool mostlyZero)
    {
        var width = target.Length;
        foreach (var run in runs)
        {
            var (s, end) = (run.Source, run.Source + run.Length);
            var shift = run.Target - run.Source;
            // Even positions 2m (m from ⌈s/2⌉) and odd positions 2m + 1 (m from ⌊s/2⌋), each a contiguous
            // run of window columns of one parity.
            var (e0, e1) = ((s + 1) >> 1, (end + 1) >> 1);
            var (o0, o1) = (s >> 1, end >> 1);
            if (e1 > e0)
                Sum(even[e0..e1], target.Slice(IndexOf((2 * e0) + shift, width), e1 - e0), starts, mostlyZero);
            if (o1 > o0)
                Sum(odd[o0..o1], target.Slice(IndexOf((2 * o0) + 1 + shift, width), o1 - o0), starts, mostlyZero);
        }
    }

    private static void Sum(ReadOnlySpan<double> from, Span<double> to, bool starts, bool mostlyZero)
    {
        if (mostlyZero)
            ColumnSum.IntoSkippingZeros(from, to, starts);
        else
            ColumnSum.Into(from, to, starts);
    }
}
