using VolunteerGrid.WorkUnits.Wavelets;

namespace VolunteerGrid.Tests.Wavelets;

[Trait("Category", "Integration")]
public sealed class WaveletTransformTests
{
    private static readonly (int Rows, int Cols)[] Sizes = [(64, 64), (37, 50), (45, 33)];

    [Fact]
    public void Filters_EveryWavelet_EqualPywt()
    {
        using var py = new ReferencePython();
        var i = py.Add(new { op = "filters", names = Wavelet.Names });
        py.Run("pywt_reference.py", "python3-pywt");
        var reference = py.Output(i);
        var at = 0;
        foreach (var name in Wavelet.Names)
        {
            var w = Wavelet.FromName(name);
            foreach (var filter in new[] { w.DecLo, w.DecHi, w.RecLo, w.RecHi })
            {
                foreach (var v in filter)
                    Assert.True(Math.Abs(v - reference[at++]) <= 1e-15, $"{name}: filter value {v} vs pywt {reference[at - 1]}");
            }
        }
        Assert.Equal(reference.Length, at);
    }

    [Fact]
    public void MaxLevel_Sizes_EqualPywtDwtMaxLevel()
    {
        int[] sizes = [1, 2, 3, 7, 8, 15, 16, 31, 45, 64, 100, 1000, 1023, 1024, 4096];
        using var py = new ReferencePython();
        var i = py.Add(new { op = "maxlevel", sizes, names = Wavelet.Names });
        py.Run("pywt_reference.py", "python3-pywt");
        var reference = py.Output(i);
        var at = 0;
        foreach (var name in Wavelet.Names)
        {
            foreach (var n in sizes)
                Assert.True(reference[at++] == Wavelet.FromName(name).MaxLevel(n), $"{name}, n={n}");
        }
    }

    [Fact]
    public void Decompose_EachWaveletAndSize_EqualsPywtWavedecn()
    {
        using var py = new ReferencePython();
        var expected = new List<(int Index, string Name, int Rows, int Cols, WaveletDecomposition Ours)>();
        var seed = 1;
        foreach (var name in Wavelet.Names)
        {
            var w = Wavelet.FromName(name);
            foreach (var (rows, cols) in Sizes)
            {
                var image = new Plane(rows, cols, SyntheticSky.Noise(rows * cols, seed++));
                // Deepest level pywt allows without warning, and at least one.
                var levels = Math.Max(1, WaveletTransform2D.MaxLevel(rows, cols, w));
                var ours = WaveletTransform2D.Decompose(image, w, levels);
                var index = py.Add(new { op = "wavedecn", rows, cols, wavelet = name, levels }, image.Data);
                expected.Add((index, name, rows, cols, ours));
            }
        }
        py.Run("pywt_reference.py", "python3-pywt");
        foreach (var (index, name, rows, cols, ours) in expected)
            AssertClose(py.Output(index), Flatten(ours), $"{name} {rows}×{cols}");
    }

    [Fact]
    public void Reconstruct_ArbitraryCoefficients_EqualsPywtWaverecn()
    {
        using var py = new ReferencePython();
        var cases = new List<(int Index, string Name, double[] Ours)>();
        var seed = 100;
        foreach (var name in Wavelet.Names)
        {
            var w = Wavelet.FromName(name);
            foreach (var (rows, cols) in Sizes)
            {
                var levels = Math.Max(1, WaveletTransform2D.MaxLevel(rows, cols, w));
                // Random coefficients (not a decomposition of anything) exercise every synthesis tap.
                var shape = WaveletTransform2D.Decompose(new Plane(rows, cols), w, levels);
                var flat = SyntheticSky.Noise(Flatten(shape).Length, seed++);
                var decomposition = Unflatten(shape, flat);
                var ours = WaveletTransform2D.Reconstruct(decomposition).Data;
                cases.Add((py.Add(new { op = "waverecn", rows, cols, wavelet = name, levels }, flat), $"{name} {rows}×{cols}", ours));
            }
        }
        py.Run("pywt_reference.py", "python3-pywt");
        foreach (var (index, label, ours) in cases)
            AssertClose(py.Output(index), ours, label);
    }

    [Theory]
    [InlineData("db1", 31, 17)]
    [InlineData("db4", 64, 64)]
    [InlineData("sym7", 73, 61)]
    public void Reconstruct_OfDecompose_RecoversImage(string name, int rows, int cols)
    {
        // Perfect reconstruction of an orthogonal filter bank; the tabulated symlets are orthonormal
        // only to ~1e-12, hence the tolerance.
        var w = Wavelet.FromName(name);
        var image = new Plane(rows, cols, SyntheticSky.Noise(rows * cols, 7));
        var levels = WaveletTransform2D.MaxLevel(rows, cols, w);
        var back = WaveletTransform2D.Reconstruct(WaveletTransform2D.Decompose(image, w, levels, new ParallelOptions()));
        for (var i = 0; i < image.Data.Length; i++)
            Assert.True(Math.Abs(back.Data[i] - image.Data[i]) < 1e-10, $"pixel {i}: {back.Data[i]} vs {image.Data[i]}");
    }

    private static void AssertClose(double[] expected, double[] actual, string label)
    {
        Assert.True(expected.Length == actual.Length, $"{label}: {actual.Length} coefficients, pywt has {expected.Length}");
        var scale = expected.Max(Math.Abs);
        for (var i = 0; i < expected.Length; i++)
        {
            var tolerance = (1e-6 * Math.Abs(expected[i])) + (1e-12 * scale);
            Assert.True(Math.Abs(actual[i] - expected[i]) <= tolerance, $"{label}: value {i} is {actual[i]}, pywt {expected[i]}");
        }
    }

    /// <summary>pywt.wavedecn order: cA, then (ad, da, dd) from the coarsest level to the finest.</summary>
    internal static double[] Flatten(WaveletDecomposition d)
    {
        var parts = new List<double>(d.Approximation.Data);
        for (var j = d.Levels - 1; j >= 0; j--)
        {
            foreach (var band in d.Details[j].Bands)
                parts.AddRange(band.Data);
        }
        return [.. parts];
    }

    private static WaveletDecomposition Unflatten(WaveletDecomposition shape, double[] flat)
    {
        var at = 0;
        Plane Take(Plane like)
        {
            var p = new Plane(like.Rows, like.Cols, flat[at..(at + like.Data.Length)]);
            at += like.Data.Length;
            return p;
        }
        var approx = Take(shape.Approximation);
        var levels = new WaveletLevel[shape.Levels];
        for (var j = shape.Levels - 1; j >= 0; j--)
            levels[j] = new WaveletLevel(Take(shape.Details[j].AD), Take(shape.Details[j].DA), Take(shape.Details[j].DD));
        return new WaveletDecomposition(shape.Wavelet, approx, levels, shape.InputShapes);
    }
    [Theory]
    [InlineData("db2", 64, 80, 0, 64, 3)] // the benchmark's wavelet; shifts 2, 3 reuse 0, 1's row pass
    [InlineData("sym4", 60, 66, 1, 40, 2)] // 8 taps, a band of rows of a row-shifted image
    [InlineData("db1", 40, 41, 3, 37, 2)] // odd width: every row pass computed in full
    [InlineData("db3", 50, 48, 0, 50, 5)] // shifts 2..5 chain (4 from 2, 5 from 3)
    public void DecomposeColumnShifts_EachShift_BitIdenticalToRolledDecomposition(string name, int rows, int cols, int dy, int bandRows, int maxShift)
    {
        var wavelet = Wavelet.FromName(name);
        var image = new Plane(rows, cols, [.. Enumerable.Range(0, rows * cols).Select(i => Math.Sin(i * 0.731) + (0.01 * (i % 97)))]);
        var row0 = rows - bandRows;
        var shifts = Enumerable.Range(0, maxShift + 1).ToArray();
        var serial = new ParallelOptions { MaxDegreeOfParallelism = 1 };
        var shared = WaveletTransform2D.DecomposeColumnShifts(image, dy, row0, bandRows, shifts, wavelet, 2, serial);
        foreach (var dx in shifts)
        {
            var alone = WaveletTransform2D.Decompose(new RolledRegion(image, dy, dx, row0, 0, bandRows, cols), wavelet, 2, pooled: false, serial);
            var planes = alone.Details.SelectMany(d => d.Bands).Append(alone.Approximation).ToArray();
            var sharedPlanes = shared[dx].Details.SelectMany(d => d.Bands).Append(shared[dx].Approximation).ToArray();
            for (var p = 0; p < planes.Length; p++)
            {
                for (var i = 0; i < planes[p].Rows * planes[p].Cols; i++)
                    Assert.True(planes[p].Data[i].Equals(sharedPlanes[p].Data[i]), $"shift {dx}, plane {p}, value {i}: {sharedPlanes[p].Data[i]:R} vs {planes[p].Data[i]:R}");
            }
            WaveletTransform2D.Release(shared[dx]);
        }
    }
}
