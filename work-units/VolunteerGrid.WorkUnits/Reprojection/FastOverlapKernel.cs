using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VolunteerGrid.WorkUnits.Reprojection;

/// <summary>
/// Plane-to-plane overlap (the method of Montage's mProjectPP, Berriman et al. 2004): each input
/// pixel's corners are mapped into the output pixel plane and the resulting quadrilateral's overlap
/// with each output pixel is computed exactly: without polygons (<see cref="QuadGridOverlap"/>) when it
/// spans up to 4×4 output pixels, the usual case at similar scales, else by clipping, first by output
/// row strip, then by column. Where Vector256 is accelerated, quadrilaterals within 2×2 (or 3×3)
/// output pixels, nearly all at similar scales, go four at a time through the branch-free
/// <see cref="QuadCells2x2"/> (<see cref="QuadCells3x3"/>); see FastOverlapKernel.Vectorized.cs. For gnomonic (TAN)
/// input and output the map between the two planes is projective, so straight pixel edges stay straight
/// and the overlap is exact up to rounding; for other projections edges bend slightly, which
/// <see cref="FastMethodCheck"/> bounds before this kernel is chosen.
/// </summary>
internal static partial class FastOverlapKernel
{
    /// <summary>
    /// Adds value × overlap and overlap (in output pixel units) of every input pixel to the output rows
    /// [k0, k1) of the window, in an order fixed by the input alone (input rows in turn; within a row,
    /// the vectorised path adds 3×3 pixels after the rest), so results do not depend on how rows are split.
    /// <paramref name="vectorized"/>: false forces the scalar path (machines without Vector256, tests).
    /// </summary>
    public static void AccumulateBlock(CornerGrid g, float[] pixels, int inWidth, int outWidth, int k0, int k1, double[] sumVW, double[] sumW, bool vectorized = true)
    {
        if (vectorized && Vector256.IsHardwareAccelerated)
            AccumulateBlockVectorized(g, pixels, inWidth, outWidth, k0, k1, sumVW, sumW);
        else
            AccumulateBlockScalar(g, pixels, inWidth, outWidth, k0, k1, sumVW, sumW);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateBlockScalar(CornerGrid g, float[] pixels, int inWidth, int outWidth, int k0, int k1, double[] sumVW, double[] sumW)
    {
        var rows = g.RowVMin.Length;
        for (var r = 0; r < rows; r++)
        {
            if (!(g.RowVMax[r] > k0 && g.RowVMin[r] < k1))
                continue;
            var row = pixels.AsSpan(r * inWidth, inWidth);
            for (var c = 0; c < inWidth; c++)
                AccumulatePixel(g, row[c], r, c, outWidth, k0, k1, sumVW, sumW);
        }
    }

    /// <summary>Adds input pixel (c, r) with its value to the block, by the scalar path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulatePixel(CornerGrid g, float value, int r, int c, int outWidth, int k0, int k1, double[] sumVW, double[] sumW)
    {
        if (float.IsNaN(value))
            return;
        var columns = g.Columns;
        var u = g.U;
        var v = g.V;
        var a = (r * columns) + c;
        var (x0, y0, x1, y1) = (u[a], v[a], u[a + 1], v[a + 1]);
        var (x2, y2, x3, y3) = (u[a + columns + 1], v[a + columns + 1], u[a + columns], v[a + columns]);
        var minV = Math.Min(Math.Min(y0, y1), Math.Min(y2, y3));
        var maxV = Math.Max(Math.Max(y0, y1), Math.Max(y2, y3));
        var minU = Math.Min(Math.Min(x0, x1), Math.Min(x2, x3));
        var maxU = Math.Max(Math.Max(x0, x1), Math.Max(x2, x3));
        if (double.IsNaN(minV + maxV + minU + maxU) || maxV <= k0 || minV >= k1 || maxU <= 0 || minU >= outWidth)
            return;
        // The cells the quadrilateral's bounding box spans, before restricting to this block.
        var kLow = (int)Math.Floor(minV);
        var jLow = (int)Math.Floor(minU);
        var ny = (int)Math.Floor(maxV) - kLow + 1;
        var nx = (int)Math.Floor(maxU) - jLow + 1;
        var kFirst = Math.Max(k0, kLow);
        var kLast = Math.Min(k1 - 1, kLow + ny - 1);
        var jFirst = Math.Max(0, jLow);
        var jLast = Math.Min(outWidth - 1, jLow + nx - 1);
        if (nx == 1 && ny == 1)
        {
            // The whole input pixel falls inside one output pixel: its area by the shoelace formula.
            var twice = ((x0 * y1) - (x1 * y0)) + ((x1 * y2) - (x2 * y1)) + ((x2 * y3) - (x3 * y2)) + ((x3 * y0) - (x0 * y3));
            Add(sumVW, sumW, ((kFirst - k0) * outWidth) + jFirst, value, 0.5 * Math.Abs(twice));
            return;
        }
        if (nx <= QuadGridOverlap.MaxSpan && ny <= QuadGridOverlap.MaxSpan)
        {
            Span<double> cells = stackalloc double[QuadGridOverlap.MaxSpan * QuadGridOverlap.MaxSpan];
            QuadGridOverlap.Cells(x0 - jLow, y0 - kLow, x1 - jLow, y1 - kLow, x2 - jLow, y2 - kLow, x3 - jLow, y3 - kLow, nx, ny, cells);
            for (var k = kFirst; k <= kLast; k++)
            {
                var rowOffset = (k - k0) * outWidth;
                var cellRow = (k - kLow) * nx;
                for (var j = jFirst; j <= jLast; j++)
                {
                    var area = cells[cellRow + j - jLow];
                    if (area > QuadGridOverlap.MinArea)
                        Add(sumVW, sumW, rowOffset + j, value, area);
                }
            }
            return;
        }
        Clip(x0, y0, x1, y1, x2, y2, x3, y3, value, kFirst, kLast, jFirst, jLast, outWidth, k0, sumVW, sumW);
    }

    /// <summary>Input pixels spanning many output pixels (output finer than input): clip polygons.</summary>
    private static void Clip(double x0, double y0, double x1, double y1, double x2, double y2, double x3, double y3, float value,
        int kFirst, int kLast, int jFirst, int jLast, int outWidth, int k0, double[] sumVW, double[] sumW)
    {
        Span<double> qx = stackalloc double[ConvexClipper.MaxVertices];
        Span<double> qy = stackalloc double[ConvexClipper.MaxVertices];
        Span<double> tx = stackalloc double[ConvexClipper.MaxVertices];
        Span<double> ty = stackalloc double[ConvexClipper.MaxVertices];
        Span<double> sx = stackalloc double[ConvexClipper.MaxVertices];
        Span<double> sy = stackalloc double[ConvexClipper.MaxVertices];
        Span<double> cx = stackalloc double[ConvexClipper.MaxVertices];
        Span<double> cy = stackalloc double[ConvexClipper.MaxVertices];
        (qx[0], qy[0], qx[1], qy[1], qx[2], qy[2], qx[3], qy[3]) = (x0, y0, x1, y1, x2, y2, x3, y3);
        for (var k = kFirst; k <= kLast; k++)
        {
            var n = ConvexClipper.ClipY(qx, qy, 4, k, true, tx, ty);
            n = ConvexClipper.ClipY(tx, ty, n, k + 1, false, sx, sy);
            if (n < 3)
                continue;
            var stripMin = double.PositiveInfinity;
            var stripMax = double.NegativeInfinity;
            for (var i = 0; i < n; i++)
            {
                stripMin = Math.Min(stripMin, sx[i]);
                stripMax = Math.Max(stripMax, sx[i]);
            }
            var j0 = Math.Max(jFirst, (int)Math.Floor(stripMin));
            var j1 = Math.Min(jLast, (int)Math.Floor(stripMax));
            var rowOffset = (k - k0) * outWidth;
            for (var j = j0; j <= j1; j++)
            {
                var m = ConvexClipper.ClipX(sx, sy, n, j, true, tx, ty);
                m = ConvexClipper.ClipX(tx, ty, m, j + 1, false, cx, cy);
                if (m < 3)
                    continue;
                var area = Math.Abs(ConvexClipper.SignedArea(cx, cy, m));
                if (area > 0)
                    Add(sumVW, sumW, rowOffset + j, value, area);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(double[] sumVW, double[] sumW, int index, float value, double area)
    {
        sumVW[index] += value * area;
        sumW[index] += area;
    }
}
