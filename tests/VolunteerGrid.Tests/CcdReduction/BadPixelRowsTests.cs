using VolunteerGrid.WorkUnits.CcdReduction;

namespace VolunteerGrid.Tests.CcdReduction;

public sealed class BadPixelRowsTests
{
    /// <summary>The rule as BadPixelMap states it, pixel by pixel (float ratio against double thresholds).</summary>
    private static byte FlatRule(float flat, float surface, double low, double high)
    {
        if (!float.IsFinite(flat) || flat <= 0)
            return (byte)(BadPixelFlags.NoResponse | BadPixelFlags.Cold);
        var ratio = flat / surface;
        return ratio < low ? (byte)BadPixelFlags.Cold : ratio > high ? (byte)BadPixelFlags.FlatHigh : (byte)0;
    }

    [Fact]
    public void FlagFlat_EdgeValues_MatchThePerPixelRuleInVectorAndTail()
    {
        // Values on both sides of the float nearest each threshold, non-finite flats and surfaces,
        // zero and negative flats, a zero surface (ratio +∞); 70 pixels = two 32-pixel chunks + a tail.
        float[] pool = [1f, 0.8f, MathF.BitDecrement(0.8f), MathF.BitIncrement(0.8f), 1.2f, MathF.BitDecrement(1.2f), MathF.BitIncrement(1.2f),
            float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, -1f, 0.5f, 3f, 1e-30f];
        float[] surfaces = [1f, 1f, 1f, 0f, float.NaN, 2f, 0.5f, -1f, float.PositiveInfinity];
        var flat = Enumerable.Range(0, 70).Select(i => pool[(i * 7) % pool.Length]).ToArray();
        var surface = Enumerable.Range(0, 70).Select(i => surfaces[(i * 5) % surfaces.Length]).ToArray();
        var map = Enumerable.Range(0, 70).Select(i => (byte)(i % 3 == 0 ? BadPixelFlags.Hot : 0)).ToArray();
        var expected = map.Select((m, i) => (byte)(m | FlatRule(flat[i], surface[i], 0.8, 1.2))).ToArray();
        BadPixelRows.FlagFlat(flat, surface, 0.8, 1.2, map);
        Assert.Equal(expected, map);
    }

    [Fact]
    public void FlagHot_SetsHotAboveLimitOnly()
    {
        var residual = Enumerable.Range(0, 75).Select(i => i % 4 == 0 ? 6f : i % 4 == 1 ? MathF.BitIncrement(6f) : i % 4 == 2 ? float.NaN : 100f).ToArray();
        var map = new byte[75];
        map[1] = (byte)BadPixelFlags.Cold;
        var expected = map.Select((m, i) => (byte)(m | (residual[i] > 6f ? (byte)BadPixelFlags.Hot : 0))).ToArray();
        BadPixelRows.FlagHot(residual, 6f, map);
        Assert.Equal(expected, map);
    }

    [Fact]
    public void CountNonZero_AddsOnePerNonZeroByte()
    {
        var random = new Random(5);
        var counts = Enumerable.Range(0, 101).Select(i => i).ToArray();
        var expected = counts.ToArray();
        for (var row = 0; row < 20; row++)
        {
            var bytes = Enumerable.Range(0, 101).Select(_ => (byte)(random.Next(4) == 0 ? random.Next(1, 256) : 0)).ToArray();
            for (var x = 0; x < bytes.Length; x++)
                expected[x] += bytes[x] != 0 ? 1 : 0;
            BadPixelRows.CountNonZero(bytes, counts);
        }
        Assert.Equal(expected, counts);
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(1.2)]
    [InlineData(0.5)] // a float already: the threshold is itself
    [InlineData(1e-3)]
    public void FloatThresholds_AgreeWithDoubleComparisons(double limit)
    {
        var below = BadPixelRows.FloatBelow(limit);
        var above = BadPixelRows.FloatAbove(limit);
        var near = (float)limit;
        for (var r = MathF.BitDecrement(MathF.BitDecrement(near)); r <= MathF.BitIncrement(MathF.BitIncrement(near)); r = MathF.BitIncrement(r))
        {
            Assert.Equal(r < limit, r < below);
            Assert.Equal(r > limit, r > above);
        }
    }
}
