namespace VolunteerGrid.WorkUnits.Wavelets;

/// <summary>
/// Detail sub-bands of one decomposition level, named by pywt.dwtn's keys (first letter = axis 0,
/// rows; second = axis 1, columns): ad = horizontal edges, da = vertical, dd = diagonal.
/// </summary>
public sealed class WaveletLevel(Plane ad, Plane da, Plane dd)
{
    public Plane AD { get; } = ad;
    public Plane DA { get; } = da;
    public Plane DD { get; } = dd;

    /// <summary>Row sums of squares taken by the CPU forward pass (null for a device's decomposition).</summary>
    internal BandRowSquares? Squares { get; init; }

    /// <summary>The three sub-bands in pywt key order (ad, da, dd).</summary>
    public IReadOnlyList<Plane> Bands => [AD, DA, DD];
}
