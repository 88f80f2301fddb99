using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VolunteerGrid.WorkUnits.Background;

namespace VolunteerGrid.WorkUnits.Reprojection;

/// <summary>
/// The map between two gnomonic (TAN) pixel planes is a projective transformation: both planes are
/// central projections of the sphere (Calabretta &amp; Greisen 2002, §5.1.3), a change of frame is a
/// rotation about the centre, and pixel ↔ plane is affine. So u = (h0·x + h1·y + h2)/(h6·x + h7·y + 1),
/// and likewise v, exactly; this is what lets mProjectPP skip the sky. Eight coefficients come from four
/// points mapped through the full WCS; the map is then checked on a grid of interior points and used
/// only if it agrees to <see cref="Tolerance"/> pixels, so rounding or a non-TAN input never gets through.
/// </summary>
internal sealed class PlaneHomography
{
    public const double Tolerance = 1e-7;

    private readonly double[] _h;
    private readonly double _cx, _cy, _scale;

    private PlaneHomography(double[] h, double cx, double cy, double scale)
    {
        _h = h;
        _cx = cx;
        _cy = cy;
        _scale = scale;
    }

    /// <summary>Output FITS pixel of input FITS pixel (x, y).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Map(double x, double y, out double u, out double v)
    {
        // Input coordinates are centred and scaled for conditioning.
        var xs = (x - _cx) / _scale;
        var ys = (y - _cy) / _scale;
        var w = 1.0 / ((_h[6] * xs) + (_h[7] * ys) + 1.0);
        u = ((_h[0] * xs) + (_h[1] * ys) + _h[2]) * w;
        v = ((_h[3] * xs) + (_h[4] * ys) + _h[5]) * w;
    }

    /// <summary>
    /// <see cref="Map(double, double, out double, out double)"/> of the corners x = 0.5 … u.Length − 0.5 of the input row at
    /// <paramref name="y"/>, minus (<paramref name="offsetU"/>, <paramref name="offsetV"/>), four at a
    /// time: the same operations in the same order in every lane and in the scalar tail, so a corner's
    /// position never depends on which of them computed it. Returns the lowest and highest v.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (double MinV, double MaxV) MapRow(double y, double offsetU, double offsetV, Span<double> u, Span<double> v)
    {
        var n = u.Length;
        if (v.Length != n)
            throw new ArgumentException("u and v must have the same length", nameof(v));
        var ys = (y - _cy) / _scale;
        // The parts that do not change along the row.
        var den0 = (_h[7] * ys) + 1.0;
        var num0 = (_h[1] * ys) + _h[2];
        var num1 = (_h[4] * ys) + _h[5];
        var minV = double.PositiveInfinity;
        var maxV = double.NegativeInfinity;
        var i = 0;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<double>.Count)
        {
            ref var ru = ref MemoryMarshal.GetReference(u);
            ref var rv = ref MemoryMarshal.GetReference(v);
            var lo = Vector256.Create(double.PositiveInfinity);
            var hi = Vector256.Create(double.NegativeInfinity);
            var x = Vector256.Create(0.5, 1.5, 2.5, 3.5);
            var step = Vector256.Create((double)Vector256<double>.Count);
            for (; i + Vector256<double>.Count <= n; i += Vector256<double>.Count, x += step)
            {
                var xs = (x - Vector256.Create(_cx)) / Vector256.Create(_scale);
                var w = Vector256<double>.One / ((Vector256.Create(_h[6]) * xs) + Vector256.Create(den0));
                var pu = (((Vector256.Create(_h[0]) * xs) + Vector256.Create(num0)) * w) - Vector256.Create(offsetU);
                var pv = (((Vector256.Create(_h[3]) * xs) + Vector256.Create(num1)) * w) - Vector256.Create(offsetV);
                pu.StoreUnsafe(ref ru, (nuint)i);
                pv.StoreUnsafe(ref rv, (nuint)i);
                lo = Vector256.Min(lo, pv);
                hi = Vector256.Max(hi, pv);
            }
            for (var lane = 0; lane < Vector256<double>.Count; lane++)
            {
                minV = Math.Min(minV, lo[lane]);
                maxV = Math.Max(maxV, hi[lane]);
            }
        }
        for (; i < n; i++)
        {
            var xs = (i + 0.5 - _cx) / _scale;
            var w = 1.0 / ((_h[6] * xs) + den0);
            u[i] = (((_h[0] * xs) + num0) * w) - offsetU;
            v[i] = (((_h[3] * xs) + num1) * w) - offsetV;
            minV = Math.Min(minV, v[i]);
            maxV = Math.Max(maxV, v[i]);
        }
        return (minV, maxV);
    }

    public static PlaneHomography? TryCreate(PixelMapper mapper, int width, int height)
    {
        var cx = (width + 1) / 2.0;
        var cy = (height + 1) / 2.0;
        var scale = Math.Max(width, height) / 2.0;
        double[] px = [0.5, width + 0.5, width + 0.5, 0.5];
        double[] py = [0.5, 0.5, height + 0.5, height + 0.5];
        var (ou, ov) = Map(mapper, px, py);
        var a = new double[8, 8];
        var b = new double[8, 1];
        for (var i = 0; i < 4; i++)
        {
            var x = (px[i] - cx) / scale;
            var y = (py[i] - cy) / scale;
            double[] ru = [x, y, 1, 0, 0, 0, -x * ou[i], -y * ou[i]];
            double[] rv = [0, 0, 0, x, y, 1, -x * ov[i], -y * ov[i]];
            for (var k = 0; k < 8; k++)
            {
                a[2 * i, k] = ru[k];
                a[(2 * i) + 1, k] = rv[k];
            }
            b[2 * i, 0] = ou[i];
            b[(2 * i) + 1, 0] = ov[i];
        }
        if (!double.IsFinite(ou.Sum() + ov.Sum()))
            return null;
        double[,] solution;
        try
        {
            solution = DenseSolver.Solve(a, b);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
        var h = new double[8];
        for (var k = 0; k < 8; k++)
            h[k] = solution[k, 0];
        var homography = new PlaneHomography(h, cx, cy, scale);
        return homography.Verify(mapper, width, height) ? homography : null;
    }

    private bool Verify(PixelMapper mapper, int width, int height)
    {
        const int n = 7;
        var px = new double[n * n];
        var py = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                px[(i * n) + j] = 0.5 + (width * (j + 0.37) / n);
                py[(i * n) + j] = 0.5 + (height * (i + 0.61) / n);
            }
        }
        var (ou, ov) = Map(mapper, px, py);
        for (var i = 0; i < px.Length; i++)
        {
            Map(px[i], py[i], out var u, out var v);
            if (!(Math.Abs(u - ou[i]) <= Tolerance && Math.Abs(v - ov[i]) <= Tolerance))
                return false;
        }
        return true;
    }

    private static (double[] U, double[] V) Map(PixelMapper mapper, double[] x, double[] y)
    {
        var lon = new double[x.Length];
        var lat = new double[x.Length];
        var u = new double[x.Length];
        var v = new double[x.Length];
        mapper.ToOutputPixels(x, y, lon, lat, u, v);
        return (u, v);
    }
}
