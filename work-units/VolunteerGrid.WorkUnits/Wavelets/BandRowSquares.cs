using System.Buffers;

namespace VolunteerGrid.WorkUnits.Wavelets;

/// <summary>
/// Σd² of every row of one level's three detail bands, taken by the forward pass right after it
/// writes each row (still in cache), for BayesShrink's sub-band variances (Chang, Yu &amp; Vetterli
/// 2000, eq. 12): a cycle spin otherwise reads every detail band back from memory once more per
/// shift only to sum its squares. Row sums are added in row order, so the totals do not depend on
/// how rows were split among threads, and every CPU run (whole image, statistics unit) gets them
/// from the same forward arithmetic.
/// </summary>
internal sealed class BandRowSquares
{
    private readonly bool _pooled;

    public BandRowSquares(int rows, bool pooled)
    {
        Rows = rows;
        _pooled = pooled;
        AD = pooled ? ArrayPool<double>.Shared.Rent(rows) : new double[rows];
        DA = pooled ? ArrayPool<double>.Shared.Rent(rows) : new double[rows];
        DD = pooled ? ArrayPool<double>.Shared.Rent(rows) : new double[rows];
    }

    public int Rows { get; }
    public double[] AD { get; }
    public double[] DA { get; }
    public double[] DD { get; }

    /// <summary>Records row <paramref name="k"/> of the three bands.</summary>
    public void Take(int k, ReadOnlySpan<double> ad, ReadOnlySpan<double> da, ReadOnlySpan<double> dd)
    {
        AD[k] = NoiseEstimator.SumOfSquares(ad);
        DA[k] = NoiseEstimator.SumOfSquares(da);
        DD[k] = NoiseEstimator.SumOfSquares(dd);
    }

    /// <summary>Row <paramref name="k"/> taken from row <paramref name="fromRow"/> of <paramref name="from"/> (an identical band row).</summary>
    public void CopyRow(int k, BandRowSquares from, int fromRow)
    {
        AD[k] = from.AD[fromRow];
        DA[k] = from.DA[fromRow];
        DD[k] = from.DD[fromRow];
    }

    /// <summary>Σ over the band's rows, in row order.</summary>
    public double Total(double[] perRow)
    {
        double sum = 0;
        for (var k = 0; k < Rows; k++)
            sum += perRow[k];
        return sum;
    }

    public void Return()
    {
        if (!_pooled)
            return;
        ArrayPool<double>.Shared.Return(AD);
        ArrayPool<double>.Shared.Return(DA);
        ArrayPool<double>.Shared.Return(DD);
    }
}
