using VolunteerGrid.WorkUnits.Wavelets;

namespace VolunteerGrid.Tests.Wavelets;

/// <summary>
/// The work cycle-spin shifts share on the CPU: row shifts two apart (finest level), the split
/// (de-interleaved) sums of the finest synthesis, and the order the row shifts are summed in.
/// </summary>
public sealed class CycleSpinSharingTests
{
    private static readonly ParallelOptions Serial = new() { MaxDegreeOfParallelism = 1 };

    [Theory]
    [InlineData("db2", 64, 80, 0, 3)] // the benchmark's wavelet and shifts
    [InlineData("db2", 32, 80, 1, 3)] // the fewest rows that share (4L = 16 is met twice over)
    [InlineData("sym4", 60, 66, 1, 2)] // 8 taps: four end rows computed at the top
    [InlineData("db3", 50, 41, 1, 1)] // odd width: no row pass shared between column shifts
    public void DecomposeColumnShifts_TwoRowsFurther_BitIdenticalToRolledDecomposition(string name, int rows, int cols, int dy, int maxShift)
    {
        var wavelet = Wavelet.FromName(name);
        var image = new Plane(rows, cols, [.. Enumerable.Range(0, rows * cols).Select(i => Math.Sin(i * 0.731) + (0.01 * (i % 97)))]);
        var shifts = Enumerable.Range(0, maxShift + 1).ToArray();
        var (first, second) = WaveletTransform2D.DecomposeColumnShifts(image, dy, 0, rows, shifts, wavelet, 2, twoRowsFurther: true, Serial);
        Assert.NotNull(second);
        foreach (var (decompositions, rowShift) in new[] { (first, dy), (second, dy + 2) })
        {
            foreach (var dx in shifts)
            {
                var alone = WaveletTransform2D.Decompose(new RolledRegion(image, rowShift, dx, 0, 0, rows, cols), wavelet, 2, pooled: false, Serial);
                var expected = alone.Details.SelectMany(d => d.Bands).Append(alone.Approximation).ToArray();
                var actual = decompositions[dx].Details.SelectMany(d => d.Bands).Append(decompositions[dx].Approximation).ToArray();
                for (var p = 0; p < expected.Length; p++)
                {
                    for (var i = 0; i < expected[p].Rows * expected[p].Cols; i++)
                    {
                        Assert.True(BitConverter.DoubleToInt64Bits(expected[p].Data[i]) == BitConverter.DoubleToInt64Bits(actual[p].Data[i]),
                            $"row shift {rowShift}, column shift {dx}, plane {p}, value {i}: {actual[p].Data[i]:R} vs {expected[p].Data[i]:R}");
                    }
                }
                // BayesShrink's per-row Σd² of the finest bands, copied with the rows.
                var squares = decompositions[dx].Details[0].Squares!;
                var finest = alone.Details[0];
                for (var k = 0; k < finest.DD.Rows; k++)
                {
                    Assert.Equal(NoiseEstimator.SumOfSquares(finest.AD.Row(k)), squares.AD[k]);
                    Assert.Equal(NoiseEstimator.SumOfSquares(finest.DA.Row(k)), squares.DA[k]);
                    Assert.Equal(NoiseEstimator.SumOfSquares(finest.DD.Row(k)), squares.DD[k]);
                }
                WaveletTransform2D.Release(decompositions[dx]);
            }
        }
    }

    [Theory]
    [InlineData(63)] // odd row count
    [InlineData(14)] // fewer than 4L rows
    public void DecomposeColumnShifts_RowsThatCannotShare_DecomposeOnlyTheFirstRowShift(int rows)
    {
        var wavelet = Wavelet.FromName("db2");
        var image = new Plane(rows, 40, [.. Enumerable.Range(0, rows * 40).Select(i => Math.Cos(i * 0.37))]);
        var (first, second) = WaveletTransform2D.DecomposeColumnShifts(image, 0, 0, rows, [0, 1], wavelet, 1, twoRowsFurther: true, Serial);
        Assert.Null(second);
        Assert.Equal(2, first.Length);
        foreach (var d in first)
            WaveletTransform2D.Release(d);
    }

    [Theory]
    [InlineData(1, new[] { 0 })]
    [InlineData(2, new[] { 0, 1 })]
    [InlineData(3, new[] { 0, 2, 1 })]
    [InlineData(4, new[] { 0, 2, 1, 3 })]
    [InlineData(6, new[] { 0, 2, 1, 3, 4, 5 })]
    [InlineData(8, new[] { 0, 2, 1, 3, 4, 6, 5, 7 })]
    public void RowShiftOrder_PairsRowShiftsTwoApart_EachOnce(int count, int[] expected) =>
        Assert.Equal(expected, WaveletDenoiser.RowShiftOrder(count));

    [Theory]
    [InlineData(16, 0, 0)] // whole row, no roll
    [InlineData(16, 3, 0)] // rolled by an odd shift: parities swap in one run
    [InlineData(17, 2, 0)] // odd width
    [InlineData(17, 1, 5)] // odd width, a tile's region starting 5 columns before the window
    [InlineData(1025, 3, 6)] // vector loops and tails
    [InlineData(1024, 2, 0)] // the benchmark's rows
    public void SplitRuns_Into_EqualsSumOfInterleavedRows(int width, int dx, int offset)
    {
        // As a piece's runs: region position offset + c holds rolled column c, which is window
        // column (c − dx) mod width; two runs around the wrap.
        ColumnRun[] runs = dx == 0
            ? [new ColumnRun(0, offset, width)]
            : [new ColumnRun(width - dx, offset, dx), new ColumnRun(0, offset + dx, width - dx)];
        var pairs = (width + offset + 1) / 2;
        var random = new Random(width + dx + offset);
        foreach (var mostlyZero in new[] { false, true })
        {
            var interleaved = new double[width];
            var split = new double[width];
            for (var term = 0; term < 3; term++)
            {
                var even = new double[pairs];
                var odd = new double[pairs];
                for (var m = 0; m < pairs; m++)
                {
                    // Mostly zeros, as the finest thresholded detail.
                    even[m] = random.Next(3) == 0 ? random.NextDouble() - 0.5 : 0;
                    odd[m] = random.Next(3) == 0 ? random.NextDouble() - 0.5 : 0;
                }
                foreach (var run in runs)
                {
                    for (var i = 0; i < run.Length; i++)
                    {
                        var p = run.Source + i;
                        var value = (p & 1) == 0 ? even[p / 2] : odd[p / 2];
                        interleaved[run.Target + i] = term == 0 ? value : interleaved[run.Target + i] + value;
                    }
                }
                SplitRuns.Into(even, odd, runs, split, starts: term == 0, mostlyZero);
            }
            for (var c = 0; c < width; c++)
                Assert.Equal(interleaved[c], split[SplitRuns.IndexOf(c, width)]);
        }
    }

    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    public void SplitRuns_IndexOf_EvenColumnsFirstThenOdd(int width) =>
        Assert.Equal(
            Enumerable.Range(0, width).Where(c => c % 2 == 0).Concat(Enumerable.Range(0, width).Where(c => c % 2 == 1)),
            Enumerable.Range(0, width).OrderBy(c => SplitRuns.IndexOf(c, width)));

    [Fact]
    public void ColumnSum_IntoSkippingZeros_EqualsInto()
    {
        var random = new Random(3);
        foreach (var n in new[] { 1, 4, 7, 64, 1027 })
        {
            var from = Enumerable.Range(0, n).Select(i => i % 5 == 0 ? random.NextDouble() : (i % 7 == 0 ? -0.0 : 0.0)).ToArray();
            var plain = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
            var skipping = (double[])plain.Clone();
            ColumnSum.Into(from, plain, starts: false);
            ColumnSum.IntoSkippingZeros(from, skipping, starts: false);
            Assert.Equal(plain, skipping);
            ColumnSum.IntoSkippingZeros(from, skipping, starts: true);
            Assert.Equal(from, skipping);
        }
    }
}
