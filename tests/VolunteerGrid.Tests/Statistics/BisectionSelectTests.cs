using VolunteerGrid.WorkUnits.Statistics;

namespace VolunteerGrid.Tests.Statistics;

public sealed class BisectionSelectTests
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
        { "normal", 1 }, { "normal", 2 }, { "normal", 7 }, { "normal", 1023 }, { "normal", 1024 },
        { "integers", 1024 }, { "integers", 1025 }, // raw biases: heavy ties on few values
        { "signs", 1024 }, { "signs", 999 },         // negative keys order reversed: both signs mixed
        { "outliers", 1024 },                        // hot pixels stretch the key range to its limits
        { "constant", 1024 }, { "blanks", 1024 }, { "blanks", 37 }, { "ascending", 4096 }, { "two-values", 1000 },
    };

    private static float[] Make(string kind, int n)
    {
        var random = new Random(n);
        float Normal() => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        return kind switch
        {
            "normal" => [.. Enumerable.Range(0, n).Select(_ => 1 + (0.003f * Normal()))],
            "integers" => [.. Enumerable.Range(0, n).Select(_ => MathF.Round(500 + (4 * Normal())))],
            "signs" => [.. Enumerable.Range(0, n).Select(_ => 2 * Normal())],
            "outliers" => [.. Enumerable.Range(0, n).Select(i => i % 97 == 0 ? float.MaxValue : i % 89 == 0 ? -float.MaxValue : i % 83 == 0 ? float.Epsilon : Normal())],
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
    public void Median_Data_EqualsSortedMedianAndLeavesDataAlone(string kind, int n)
    {
        var data = Make(kind, n);
        var copy = data.ToArray();
        Assert.Equal(SortedMedian(data), BisectionSelect.Median(data, new int[n]));
        Assert.Equal(copy, data);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TryMedianOfAllFinite_Data_DeclinesExactlyWhenAValueIsNotFinite(string kind, int n)
    {
        var data = Make(kind, n);
        var allFinite = data.All(float.IsFinite);
        Assert.Equal(allFinite, BisectionSelect.TryMedianOfAllFinite(data, new int[n], out var median));
        if (allFinite)
            Assert.Equal(SortedMedian(data), median);
    }

    [Fact]
    public void Median_NoFiniteValue_IsNaN()
    {
        float[] data = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.NaN, float.NaN, float.NaN, float.NaN, float.NaN, float.NaN];
        Assert.True(double.IsNaN(BisectionSelect.Median(data, new int[data.Length])));
    }

    [Fact]
    public void Median_SignedZeros_CountAsZero()
    {
        float[] data = [-0f, 0f, -0f, 1f, -1f, -0f, 0f, 0f, -0f, 2f];
        Assert.Equal(0.0, BisectionSelect.Median(data, new int[data.Length]));
    }
}
