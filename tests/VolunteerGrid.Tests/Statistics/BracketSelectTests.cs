using VolunteerGrid.WorkUnits.CcdReduction;
using VolunteerGrid.WorkUnits.Statistics;

namespace VolunteerGrid.Tests.Statistics;

public sealed class BracketSelectTests
{
    /// <summary>The definition: sort the finite values, take the middle one (mean of the two middle ones for even counts, as numpy).</summary>
    private static double SortedMedian(IEnumerable<float> values)
    {
        var finite = values.Where(float.IsFinite).ToArray();
        Array.Sort(finite);
        var half = finite.Length / 2;
        return finite.Length % 2 == 1 ? finite[half] : 0.5 * ((double)finite[half - 1] + finite[half]);
    }

    public static TheoryData<string, int> Cases() => new()
    {
        { "normal", 64 }, { "normal", 1023 }, { "normal", 1024 }, { "normal", 100_001 }, { "normal", 262_144 },
        { "integers", 1024 }, { "integers", 200_000 }, { "integers", 200_001 }, // raw biases: heavy ties on few values
        { "constant", 4096 }, { "blanks", 1024 }, { "blanks", 150_000 }, { "ascending", 50_000 }, { "two-values", 9999 },
    };

    private static float[] Make(string kind, int n)
    {
        var random = new Random(n);
        float Normal() => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        return kind switch
        {
            "normal" => [.. Enumerable.Range(0, n).Select(_ => 1 + (0.003f * Normal()))],
            "integers" => [.. Enumerable.Range(0, n).Select(_ => MathF.Round(500 + (4 * Normal())))],
            "constant" => [.. Enumerable.Repeat(2.5f, n)],
            // NaN and ±∞ are not values (numpy nanmedian of finite pixels).
            "blanks" => [.. Enumerable.Range(0, n).Select(i => i % 7 == 0 ? float.NaN : i % 11 == 0 ? float.PositiveInfinity : i % 13 == 0 ? float.NegativeInfinity : Normal())],
            "ascending" => [.. Enumerable.Range(0, n).Select(i => (float)i)],
            "two-values" => [.. Enumerable.Range(0, n).Select(i => i % 2 == 0 ? 1f : 3f)],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TryMedian_Data_EqualsSortedMedianOrDeclines(string kind, int n)
    {
        var data = Make(kind, n);
        var copy = data.ToArray();
        if (BracketSelect.TryMedian(data, out var median))
            Assert.Equal(SortedMedian(data), median);
        Assert.Equal(copy, data); // read-only without an aliasing scratch
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RobustStatisticsMedian_Data_EqualsSortedMedian(string kind, int n)
    {
        var data = Make(kind, n);
        Assert.Equal(SortedMedian(data), RobustStatistics.Median(data));
        var finite = data.Where(float.IsFinite).ToArray();
        Assert.Equal(SortedMedian(data), RobustStatistics.MedianOfCopy(finite));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RobustStatisticsMedianOfRows_Data_EqualsSortedMedian(string kind, int n)
    {
        // The frame exists only as rows (width 64, last row partly padded with NaN, which never counts).
        var data = Make(kind, n);
        const int Width = 64;
        var height = (n + Width - 1) / Width;
        void Fill(int y, Span<float> row)
        {
            for (var x = 0; x < Width; x++)
                row[x] = (y * Width) + x < n ? data[(y * Width) + x] : float.NaN;
        }
        Assert.Equal(SortedMedian(data), RobustStatistics.Median(Width, height, Fill));
        if (BracketSelect.TryMedian(height, Width, Fill, out var median))
            Assert.Equal(SortedMedian(data), median);
    }

    [Fact]
    public void TryMedian_RandomData_UsuallySucceeds()
    {
        // The bracket is ±3σ of the sample median's rank: a miss on random data is rare.
        var hits = Enumerable.Range(0, 50).Count(seed =>
        {
            var random = new Random(seed);
            var data = Enumerable.Range(0, 4096).Select(_ => (float)random.NextDouble()).ToArray();
            return BracketSelect.TryMedian(data, out _);
        });
        Assert.True(hits >= 48, $"bracket hit the median in {hits} of 50 random arrays");
    }

    [Fact]
    public void TryMedian_SampleMissesMiddle_DeclinesAndFallbackIsExact()
    {
        // Every strided sample position holds a huge value: the bracket lies above the true median.
        var data = Enumerable.Range(0, 4096).Select(i => (float)(i % 16 == 8 ? 1e6 + i : i % 16)).ToArray();
        Assert.False(BracketSelect.TryMedian(data, out _));
        Assert.Equal(SortedMedian(data), RobustStatistics.Median(data));
        Assert.Equal(SortedMedian(data), RobustStatistics.MedianOfCopy(data.ToArray()));
    }
}
