using VolunteerGrid.WorkUnits.Wavelets;

namespace VolunteerGrid.Tests.Wavelets;

public sealed class MedianTests
{
    /// <summary>The median of a sorted copy: numpy.median's definition, computed the obvious way.</summary>
    private static double SortedMedian(double[] values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        var n = sorted.Length;
        return (n & 1) != 0 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }

    [Theory]
    [InlineData(5000, 1)]
    [InlineData(5001, 2)]
    [InlineData(262144, 3)]
    [InlineData(100001, 4)]
    public void OfPositiveInPlace_GaussianMagnitudes_EqualsSortedMedian(int count, int seed)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            // |Box–Muller normal|: the shape of the |d| values the noise estimate takes the median of.
            var u = 1 - random.NextDouble();
            values[i] = Math.Abs(Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble())) + double.Epsilon;
        }
        var expected = SortedMedian(values);
        Assert.Equal(expected, Median.OfPositiveInPlace(values.ToArray()));
        Assert.Equal(expected, Median.OfInPlace(values.ToArray()));
    }

    [Fact]
    public void OfPositiveInPlace_ManyTies_EqualsSortedMedian()
    {
        // Few distinct values: the middle ranks fall in one histogram bucket full of equal values.
        var values = Enumerable.Range(0, 10000).Select(i => 1.0 + (i % 7)).ToArray();
        Assert.Equal(SortedMedian(values), Median.OfPositiveInPlace(values.ToArray()));
    }

    [Theory]
    [InlineData(7, 5)]
    [InlineData(5000, 6)]
    [InlineData(262145, 7)]
    public void OfMagnitudesOfNonZero_SignedWithZeros_EqualsSortedMedianOfNonZeroMagnitudes(int count, int seed)
    {
        // Signed normals with every tenth value an exact zero, which the noise estimate drops.
        var random = new Random(seed);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            var u = 1 - random.NextDouble();
            values[i] = i % 10 == 0 ? 0 : Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
        }
        var expected = SortedMedian([.. values.Where(v => v != 0).Select(Math.Abs)]);
        Assert.Equal(expected, Median.OfMagnitudesOfNonZero(values));
    }

    [Theory]
    [InlineData("ties")] // few distinct magnitudes: many values equal the bracket's ends
    [InlineData("sorted")] // ascending: the strided sample sees every part of the range
    [InlineData("odd-tail")] // a length that leaves a scalar tail after the vector loop
    public void OfMagnitudesOfNonZero_Layouts_EqualsSortedMedianOfNonZeroMagnitudes(string layout)
    {
        var values = layout switch
        {
            "ties" => Enumerable.Range(0, 20000).Select(i => i % 5 == 0 ? 0 : (i % 2 == 0 ? -1 : 1) * (1.0 + (i % 7))).ToArray(),
            "sorted" => Enumerable.Range(0, 20000).Select(i => (i - 7000) * 0.25).ToArray(),
            _ => Enumerable.Range(0, 20003).Select(i => Math.Sin(i * 0.37) * (1 + (i % 13))).ToArray(),
        };
        var expected = SortedMedian([.. values.Where(v => v != 0).Select(Math.Abs)]);
        Assert.Equal(expected, Median.OfMagnitudesOfNonZero(values));
        Assert.Equal(expected, Median.OfMagnitudesByRadix(values));
    }

    [Fact]
    public void MagnitudeBracketTryMedian_SampleSeesOnlyTinyValues_ReportsMissAndMedianFallsBack()
    {
        // 10000 values give a sample of 400 at stride 25 starting at index 12: put tiny magnitudes
        // exactly there, so the bracket lies far below the true median.
        var values = Enumerable.Range(0, 10000).Select(i => i % 25 == 12 ? 1e-3 * (i + 1) : -(1.0 + i)).ToArray();
        var expected = SortedMedian([.. values.Select(Math.Abs)]);
        Assert.False(MagnitudeBracket.TryMedian(values, out _));
        Assert.Equal(expected, Median.OfMagnitudesOfNonZero(values));
    }

    [Fact]
    public void OfMagnitudesOfNonZero_AllZero_IsNaN() =>
        Assert.True(double.IsNaN(Median.OfMagnitudesOfNonZero(new double[100])));
}
