using VolunteerGrid.WorkUnits.CcdReduction;

namespace VolunteerGrid.Tests.CcdReduction;

public sealed class OverscanTests
{
    private static CcdImage Frame(Func<int, int, float> value, int width = 12, int height = 9)
    {
        var image = new CcdImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
                image[x, y] = value(x, y);
        }
        return image;
    }

    [Fact]
    public void Estimate_VerticalStrip_GivesMedianPerRowIgnoringOutliers()
    {
        // Overscan columns 9..12 hold 100 + y, with one cosmic ray per row the median ignores.
        var raw = Frame((x, y) => x >= 8 ? (x == 10 ? 5000 : 100 + y) : 0);
        var model = Overscan.Estimate(raw, ImageSection.Parse("[9:12,1:9]", 12, 9), OverscanMode.RowMedian);
        Assert.True(model.PerRow);
        Assert.Equal(Enumerable.Range(0, 9).Select(y => 100.0 + y), model.Levels);
    }

    [Fact]
    public void Estimate_WfiLikeStrip_EqualsSortedMedianOfEveryRow()
    {
        // 40 integer-valued overscan columns (even count: two middle values averaged, heavy ties);
        // row 3 holds a NaN and row 5 an infinity, which keep the sorting path's rules.
        var random = new Random(8);
        var raw = Frame((x, y) => x < 20 ? 0 : y == 3 && x == 30 ? float.NaN : y == 5 && x == 25 ? float.PositiveInfinity : MathF.Round(500 + (4 * (float)random.NextDouble())), 60, 64);
        var model = Overscan.Estimate(raw, ImageSection.Parse("[21:60,1:64]", 60, 64), OverscanMode.RowMedian);
        for (var y = 0; y < 64; y++)
        {
            var row = Enumerable.Range(20, 40).Select(x => (double)raw[x, y]).ToArray();
            Assert.Equal(RobustStatistics.MedianInPlace(row), model.Levels[y]);
        }
    }

    [Fact]
    public void Estimate_HorizontalStrip_GivesMedianPerColumn()
    {
        var raw = Frame((x, y) => y >= 7 ? 50 + x : 0);
        var model = Overscan.Estimate(raw, ImageSection.Parse("[1:12,8:9]", 12, 9), OverscanMode.RowMedian);
        Assert.False(model.PerRow);
        Assert.Equal(Enumerable.Range(0, 12).Select(x => 50.0 + x), model.Levels);
    }

    [Fact]
    public void Estimate_Polynomial_RecoversCubicExactly()
    {
        static double Cubic(int y) => 1000 + (0.5 * y) - (0.01 * y * y) + (0.0001 * y * y * y);
        var raw = Frame((x, y) => (float)Cubic(y), width: 20, height: 300);
        var model = Overscan.Estimate(raw, ImageSection.Parse("[17:20,1:300]", 20, 300), OverscanMode.Polynomial, 3);
        for (var y = 0; y < 300; y++)
            Assert.Equal((float)Cubic(y), model.Levels[y], 3e-3);
    }

    [Fact]
    public void SubtractOverscanAndTrim_KeepsDataSectionMinusRowLevel()
    {
        var raw = Frame((x, y) => x >= 8 ? 100 + y : 1000 + (10 * x) + y);
        var model = Overscan.Estimate(raw, ImageSection.Parse("[9:12,1:9]", 12, 9), OverscanMode.RowMedian);
        var trimmed = Preprocessing.SubtractOverscanAndTrim(raw, model, ImageSection.Parse("[2:8,3:9]", 12, 9));
        Assert.Equal(7, trimmed.Width);
        Assert.Equal(7, trimmed.Height);
        for (var y = 0; y < 7; y++)
        {
            for (var x = 0; x < 7; x++)
                Assert.Equal(900f + (10 * (x + 1)), trimmed[x, y]);
        }
    }

    [Fact]
    public void EnsureCovers_OverscanShorterThanTrim_NamesTheKeywords()
    {
        var raw = Frame((_, _) => 1);
        var model = Overscan.Estimate(raw, ImageSection.Parse("[9:12,1:4]", 12, 9), OverscanMode.RowMedian);
        var e = Assert.Throws<CcdInputException>(() => Preprocessing.EnsureCovers(model, ImageSection.Parse("[1:8,1:9]", 12, 9), "a.fits[CCD01]"));
        Assert.Contains("a.fits[CCD01]", e.Message);
        Assert.Contains("BIASSEC", e.Message);
    }
}
