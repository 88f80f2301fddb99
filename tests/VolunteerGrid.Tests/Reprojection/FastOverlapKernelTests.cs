using System.Runtime.Intrinsics;
using VolunteerGrid.Shared.Wcs;
using VolunteerGrid.Tests.Mosaic;
using VolunteerGrid.WorkUnits.Background;
using VolunteerGrid.WorkUnits.Reprojection;

namespace VolunteerGrid.Tests.Reprojection;

/// <summary>
/// The vectorised plane-to-plane overlap against independent arithmetic: each quadrilateral's cell
/// areas against Sutherland–Hodgman clipping, and whole images against the scalar kernel
/// (Green's theorem with branches), blocked against whole.
/// </summary>
public sealed class FastOverlapKernelTests
{
    [Fact]
    public void QuadCells2x2_RandomQuadrilaterals_MatchPolygonClipping()
    {
        var random = new Random(17);
        var cases = new List<double[]>
        {
            // Axis-parallel edges, a quadrilateral inside one cell, one on a grid line, both orientations.
            new[] { 0.3, 0.2, 1.3, 0.2, 1.3, 1.2, 0.3, 1.2 },
            new[] { 0.3, 1.2, 1.3, 1.2, 1.3, 0.2, 0.3, 0.2 },
            new[] { 0.1, 0.1, 0.9, 0.1, 0.9, 0.8, 0.1, 0.8 },
            new[] { 1.0, 0.5, 1.9, 0.5, 1.9, 1.0, 1.0, 1.0 },
            new[] { 0.5, 0.0, 1.5, 0.0, 1.5, 1.0, 0.5, 1.0 },
        };
        for (var n = 0; n < 2000; n++)
        {
            // Near-unit squares, rotated and sheared a little, as a TAN→TAN homography makes them.
            var angle = (random.NextDouble() - 0.5) * 0.2;
            var size = 0.6 + (0.35 * random.NextDouble());
            var (cx, cy) = (0.5 + random.NextDouble(), 0.5 + random.NextDouble());
            var corners = new double[8];
            for (var i = 0; i < 4; i++)
            {
                var (dx, dy) = (i is 1 or 2 ? 0.5 : -0.5, i >= 2 ? 0.5 : -0.5);
                dx *= size * (1 + (0.05 * random.NextDouble()));
                dy *= size;
                corners[2 * i] = cx + (dx * Math.Cos(angle)) - (dy * Math.Sin(angle));
                corners[(2 * i) + 1] = cy + (dx * Math.Sin(angle)) + (dy * Math.Cos(angle));
            }
            if (random.Next(2) == 0)
                corners = [corners[6], corners[7], corners[4], corners[5], corners[2], corners[3], corners[0], corners[1]];
            if (corners.All(c => c is >= 0 and <= 2))
                cases.Add(corners);
        }
        Assert.True(cases.Count > 1000, $"only {cases.Count} quadrilaterals within the 2×2 cells");
        foreach (var q in cases)
        {
            var cells = Vectorised(q);
            for (var b = 0; b < 2; b++)
            {
                for (var a = 0; a < 2; a++)
                {
                    var expected = ClippedArea(q, a, b);
                    Assert.True(Math.Abs(cells[(b * 2) + a] - expected) <= 1e-13,
                        $"cell ({a},{b}) of [{string.Join(", ", q)}]: {cells[(b * 2) + a]:R} vs clipped {expected:R}");
                }
            }
        }
    }

    [Theory]
    [InlineData(61, 47, 1.0, 1.7, true)]   // similar scales, small rotation: mostly 2×2 cells, odd width (row tails)
    [InlineData(64, 40, 1.0, 0.0, true)]   // aligned grids: quadrilaterals within one column or row
    [InlineData(53, 41, 1.0, 33.0, true)]  // strongly rotated: many spill over 3 cells
    [InlineData(29, 31, 0.45, 7.0, true)]  // finer input: quadrilaterals within one output pixel
    [InlineData(23, 19, 2.6, -12.0, true)] // coarser input: the clipping path
    [InlineData(61, 47, 1.0, 1.7, false)]  // corners through the sky (the exact method onto TAN)
    [InlineData(53, 41, 1.0, 33.0, false)]
    public void AccumulateBlock_VectorisedVersusScalar_AgreeAndBlocksMatchWhole(int width, int height, double scale, double rotation, bool homography)
    {
        var generator = new SkyFieldGenerator(seed: width * height);
        var header = SkyFieldGenerator.Header("TAN", SkyFieldGenerator.CentreRa, SkyFieldGenerator.CentreDec, width, height, scale, rotation);
        var pixels = generator.Render(header, generator.Catalogue(20, 0.02), new BackgroundPlane(0.01, -0.02, 10), noise: 1);
        pixels[(height / 3 * width) + 5] = float.NaN;
        pixels[(height / 2 * width) + width - 1] = float.NaN;
        var input = CelestialWcs.Create(header, "generated");
        var templateHeader = SkyFieldGenerator.Header("TAN", SkyFieldGenerator.CentreRa + 0.0003, SkyFieldGenerator.CentreDec - 0.0002, 140, 120, 1.0, 0.0);
        var template = TemplateGrid.FromHeader(templateHeader, "template");
        var window = Footprint.Of(input, width, height, template);
        using var grid = CornerGrid.Build(new PixelMapper(input, template.Wcs), width, height, window, withVectors: false, new ParallelOptions(), allowHomography: homography);
        var n = (int)window.PixelCount;

        var (scalarVW, scalarW) = Accumulate(grid, pixels, width, window, [0, window.Height], vectorised: false);
        var (vectorVW, vectorW) = Accumulate(grid, pixels, width, window, [0, window.Height], vectorised: true);
        var (blockVW, blockW) = Accumulate(grid, pixels, width, window, [0, window.Height / 3, (window.Height / 3) + 1, window.Height], vectorised: true);

        Assert.True(Vector256.IsHardwareAccelerated, "this test needs Vector256 hardware to compare the two paths");
        double flux = 0, area = 0;
        for (var i = 0; i < n; i++)
        {
            Assert.True((scalarW[i] > 0) == (vectorW[i] > 0), $"pixel {i}: covered in one path only ({scalarW[i]:R} vs {vectorW[i]:R})");
            Assert.True(Math.Abs(scalarW[i] - vectorW[i]) <= 1e-12, $"pixel {i}: area {scalarW[i]:R} vs {vectorW[i]:R}");
            Assert.True(Math.Abs(scalarVW[i] - vectorVW[i]) <= 1e-11 * Math.Max(1, Math.Abs(scalarVW[i])), $"pixel {i}: sum {scalarVW[i]:R} vs {vectorVW[i]:R}");
            Assert.Equal(vectorW[i], blockW[i]);
            Assert.Equal(vectorVW[i], blockVW[i]);
            flux += vectorVW[i];
            area += vectorW[i];
        }
        // Every valid input pixel lies inside the footprint, so the areas add up to the input's
        // area in output pixels: the plane area of the quadrilaterals, by the shoelace formula.
        Assert.True(Math.Abs(area - TotalQuadArea(grid, pixels, width, height)) <= 1e-9 * area, $"area {area:R}");
        Assert.True(flux != 0);
    }

    [Theory]
    [InlineData("TAN", ReprojectionMethod.Fast)]
    [InlineData("TAN", ReprojectionMethod.Exact)]
    [InlineData("SIN", ReprojectionMethod.Exact)]
    [InlineData("ZEA", ReprojectionMethod.Fast)]
    public void Reproject_AnyThreadCount_SameBits(string projection, ReprojectionMethod method)
    {
        var generator = new SkyFieldGenerator(seed: 5);
        var header = SkyFieldGenerator.Header(projection, SkyFieldGenerator.CentreRa, SkyFieldGenerator.CentreDec, 150, 260, 1.0, 1.3);
        var pixels = generator.Render(header, generator.Catalogue(20, 0.03), new BackgroundPlane(0.01, -0.02, 10), noise: 1);
        var input = CelestialWcs.Create(header, "generated");
        var templateHeader = SkyFieldGenerator.Header("TAN", SkyFieldGenerator.CentreRa + 0.0003, SkyFieldGenerator.CentreDec - 0.0002, 400, 400, 1.0, 0.0);
        var template = TemplateGrid.FromHeader(templateHeader, "template");

        var one = Reprojector.ReprojectToFootprint(pixels, 150, 260, input, template, method, new ParallelOptions { MaxDegreeOfParallelism = 1 });
        foreach (var threads in new[] { 2, 3, 7 })
        {
            var many = Reprojector.ReprojectToFootprint(pixels, 150, 260, input, template, method, new ParallelOptions { MaxDegreeOfParallelism = threads });
            Assert.Equal(one.Values, many.Values);
            Assert.Equal(one.Area, many.Area);
        }
    }

    private static double[] Vectorised(double[] q)
    {
        var x = new Vector256<double>[4];
        var y = new Vector256<double>[4];
        for (var i = 0; i < 4; i++)
        {
            x[i] = Vector256.Create(q[2 * i]);
            y[i] = Vector256.Create(q[(2 * i) + 1]);
        }
        var slopes = new QuadCells2x2.Slopes[4];
        for (var i = 0; i < 4; i++)
        {
            var (ax, ay, bx, by) = (q[2 * i], q[(2 * i) + 1], q[(2 * ((i + 1) % 4))], q[(2 * ((i + 1) % 4)) + 1]);
            var s = new double[1];
            var t = new double[1];
            var r = new double[1];
            EdgeSlopes.Fill([ax], [ay], [bx], [by], s, t, r);
            slopes[i] = new QuadCells2x2.Slopes(Vector256.Create(s[0]), Vector256.Create(t[0]), Vector256.Create(r[0]));
        }
        QuadCells2x2.Compute(x[0], y[0], x[1], y[1], x[2], y[2], x[3], y[3], slopes[0], slopes[1], slopes[2], slopes[3],
            out var c00, out var c10, out var c01, out var c11);
        return [c00[0], c10[0], c01[0], c11[0]];
    }

    private static double ClippedArea(double[] q, int a, int b)
    {
        Span<double> px = stackalloc double[ConvexClipper.MaxVertices];
        Span<double> py = stackalloc double[ConvexClipper.MaxVertices];
        Span<double> tx = stackalloc double[ConvexClipper.MaxVertices];
        Span<double> ty = stackalloc double[ConvexClipper.MaxVertices];
        for (var i = 0; i < 4; i++)
            (px[i], py[i]) = (q[2 * i], q[(2 * i) + 1]);
        var n = ConvexClipper.ClipX(px, py, 4, a, true, tx, ty);
        n = ConvexClipper.ClipX(tx, ty, n, a + 1, false, px, py);
        n = ConvexClipper.ClipY(px, py, n, b, true, tx, ty);
        n = ConvexClipper.ClipY(tx, ty, n, b + 1, false, px, py);
        return n < 3 ? 0 : Math.Abs(ConvexClipper.SignedArea(px, py, n));
    }

    private static (double[] VW, double[] W) Accumulate(CornerGrid grid, float[] pixels, int width, PixelWindow window, int[] cuts, bool vectorised)
    {
        var sumVW = new double[window.PixelCount];
        var sumW = new double[window.PixelCount];
        for (var b = 0; b + 1 < cuts.Length; b++)
        {
            var (k0, k1) = (cuts[b], cuts[b + 1]);
            var vw = new double[(k1 - k0) * window.Width];
            var w = new double[(k1 - k0) * window.Width];
            FastOverlapKernel.AccumulateBlock(grid, pixels, width, window.Width, k0, k1, vw, w, vectorised);
            vw.CopyTo(sumVW, k0 * window.Width);
            w.CopyTo(sumW, k0 * window.Width);
        }
        return (sumVW, sumW);
    }

    private static double TotalQuadArea(CornerGrid g, float[] pixels, int width, int height)
    {
        double total = 0;
        for (var r = 0; r < height; r++)
        {
            for (var c = 0; c < width; c++)
            {
                if (float.IsNaN(pixels[(r * width) + c]))
                    continue;
                var a = (r * g.Columns) + c;
                int[] corners = [a, a + 1, a + g.Columns + 1, a + g.Columns];
                double twice = 0;
                for (var i = 0; i < 4; i++)
                {
                    var (p, q) = (corners[i], corners[(i + 1) % 4]);
                    twice += (g.U[p] * g.V[q]) - (g.U[q] * g.V[p]);
                }
                total += 0.5 * Math.Abs(twice);
            }
        }
        return total;
    }
}
