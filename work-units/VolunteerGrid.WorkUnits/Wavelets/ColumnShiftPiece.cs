namespace VolunteerGrid.WorkUnits.Wavelets;

/// <summary>
/// One decomposed region of a cycle-spin shift whose finest level is synthesised together with the
/// other column shifts of its row shift (<see cref="WaveletTransform2D.AccumulateFinestRows"/>).
/// </summary>
/// <param name="Decomposition">The region's decomposition (pooled).</param>
/// <param name="Approximation">Every coarser level already synthesised: the finest level's approximation input.</param>
/// <param name="Thresholds">The finest level's thresholds.</param>
/// <param name="Runs">Region columns (Source) that land on window columns (Target), unrolled.</param>
/// <param name="StartsSum">The first column shift: its rows start the sum instead of adding to it.</param>
internal sealed record ColumnShiftPiece(WaveletDecomposition Decomposition, Plane Approximation, BandThresholds Thresholds, ColumnRun[] Runs, bool StartsSum)
{
    public WaveletLevel Finest => Decomposition.Details[0];

    /// <summary>Columns of the region (the finest level's output width).</summary>
    public int Width => Decomposition.InputShapes[0].Cols;

    /// <summary>Gives the pooled planes back (the decomposition's and the synthesised approximation).</summary>
    public void Release()
    {
        if (Approximation != Decomposition.Approximation)
            Approximation.Return();
        WaveletTransform2D.Release(Decomposition);
    }
}
