using VolunteerGrid.WorkUnits.Wavelets;

namespace VolunteerGrid.Tests.Wavelets;

public sealed class ShrunkInverse4Tests
{
    /// <summary>
    /// Row widths around the vector body's end: shorter than one step (scalar only), odd and even,
    /// and 1024 (the benchmark's width).
    /// </summary>
    [Theory]
    [InlineData(1, false)]
    [InlineData(7, true)]
    [InlineData(13, false)]
    [InlineData(16, true)]
    [InlineData(17, true)]
    [InlineData(31, false)]
    [InlineData(1024, true)]
    [InlineData(1025, false)]
    public void Pairs_AnyWidth_EqualsSeparateThresholdThenInverse(int n, bool shrinkA) =>
        AssertEqualsSeparatePasses(n, shrinkA, keptPerThousand: 400);

    /// <summary>
    /// Finest-level noise: nearly every coefficient of both bands is thresholded to zero, so most
    /// vectors take the all-zero shortcut; the few kept spikes must still come out exactly.
    /// </summary>
    [Theory]
    [InlineData(1024)]
    [InlineData(517)]
    public void Pairs_MostlyZeroedBands_EqualsSeparateThresholdThenInverse(int n) =>
        AssertEqualsSeparatePasses(n, shrinkA: true, keptPerThousand: 20);

    private static void AssertEqualsSeparatePasses(int n, bool shrinkA, int keptPerThousand)
    {
        var w = Wavelet.FromName("db2");
        var coefficients = (n + w.Length - 1) / 2;
        var pairs = (n + 1) / 2;
        var random = new Random(n);
        // Small values (zeroed by the threshold), large ones (kept), exact zeros and −0.
        double Coefficient() => random.Next(1000) switch
        {
            < 50 => 0.0,
            < 100 => -0.0,
            var r when r < 100 + keptPerThousand => (random.NextDouble() - 0.5) * 40,
            _ => (random.NextDouble() - 0.5) * 0.6,
        };
        var a = Enumerable.Range(0, coefficients).Select(_ => Coefficient()).ToArray();
        var d = Enumerable.Range(0, coefficients).Select(_ => Coefficient()).ToArray();
        const double ta = 0.3, td = 0.45;

        var shrunkA = new double[coefficients];
        var shrunkD = new double[coefficients];
        Shrinkage.ApplyTo(a, shrunkA, shrinkA ? ta : 0, ThresholdMode.Soft);
        Shrinkage.ApplyTo(d, shrunkD, td, ThresholdMode.Soft);
        var expectedEven = new double[pairs];
        var expectedOdd = new double[pairs];
        DwtKernels.InversePairs(shrunkA, shrunkD, w.RecLo, w.RecHi, n, expectedEven, expectedOdd);

        var even = new double[pairs];
        var odd = new double[pairs];
        ShrunkInverse4.Pairs(a, d, pairs, w.RecLo, w.RecHi, shrinkA, ta, td, even, odd);

        for (var m = 0; m < pairs; m++)
        {
            // == : DwtKernels' scalar tail sums from 0 + the first product, so only an exact zero's sign may differ.
            Assert.True(expectedEven[m] == even[m], $"even[{m}]: {expectedEven[m]:R} vs {even[m]:R}");
            Assert.True(expectedOdd[m] == odd[m], $"odd[{m}]: {expectedOdd[m]:R} vs {odd[m]:R}");
        }
        Assert.Contains(even, v => v != 0);
    }
}
