using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VolunteerGrid.WorkUnits.Reprojection;

namespace VolunteerGrid.WorkUnits.Background;

/// <summary>
/// mDiff + mFitplane in one pass: the difference plus − minus on the pixels both images cover, and the
/// plane fitted to it. No difference image is written unless asked (<see cref="Difference"/>).
/// </summary>
public static class DifferenceFitter
{
    // Optimised from the first call: each call is one long loop over ~10⁵ pixels, run a few hundred
    // times in a mosaic, too few for tiered compilation to catch up in a short run.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static DifferenceFit Fit(int plusIndex, int minusIndex, ProjectedImage plus, ProjectedImage minus, TemplateGrid template)
    {
        var overlap = plus.Window.Intersect(minus.Window);
        var n = (int)overlap.PixelCount;
        // Pooled: a mosaic fits hundreds of overlaps of ~10⁵ pixels; fresh arrays would churn the GC.
        var x = ArrayPool<double>.Shared.Rent(n);
        var y = ArrayPool<double>.Shared.Rent(n);
        var d = ArrayPool<double>.Shared.Rent(n);
        var keep = ArrayPool<bool>.Shared.Rent(n);
        var m = 0;
        var crpix1 = template.Wcs.Definition.CrPix1;
        var crpix2 = template.Wcs.Definition.CrPix2;
        var width = overlap.Width;
        for (var row = overlap.Y0; width > 0 && row < overlap.Y1; row++)
        {
            // One row of the overlap in each image: spans, so the loop runs without index arithmetic
            // or bounds checks per pixel.
            var p0 = Index(plus.Window, overlap.X0, row);
            var q0 = Index(minus.Window, overlap.X0, row);
            var plusArea = plus.Area.AsSpan(p0, width);
            var minusArea = minus.Area.AsSpan(q0, width);
            var plusValues = plus.Values.AsSpan(p0, width);
            var minusValues = minus.Values.AsSpan(q0, width);
            var yRel = row + 1 - crpix2;
            m = GatherRow(plusArea, minusArea, plusValues, minusValues, overlap.X0 + 1, crpix1, yRel, x, y, d, m);
        }
        var (plane, count, rms) = PlaneFitter.Fit(x.AsSpan(0, m), y.AsSpan(0, m), d.AsSpan(0, m), keep.AsSpan(0, m));
        ArrayPool<double>.Shared.Return(x);
        ArrayPool<double>.Shared.Return(y);
        ArrayPool<double>.Shared.Return(d);
        ArrayPool<bool>.Shared.Return(keep);
        return new DifferenceFit(plusIndex, minusIndex, plane, count, rms);
    }

    // Appends the row's usable points (both areas > 0, finite difference) at x/y/d[m..]; returns the new
    // count. Groups of four pixels that are all usable (nearly all of them: blanks are at the edges)
    // are stored with one vector operation each, the same values the scalar loop stores.
    // column1: the FITS column of the row's first pixel.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int GatherRow(ReadOnlySpan<double> plusArea, ReadOnlySpan<double> minusArea, ReadOnlySpan<float> plusValues,
        ReadOnlySpan<float> minusValues, int column1, double crpix1, double yRel, double[] x, double[] y, double[] d, int m)
    {
        var j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var rpa = ref MemoryMarshal.GetReference(plusArea);
            ref var rma = ref MemoryMarshal.GetReference(minusArea);
            ref var rpv = ref MemoryMarshal.GetReference(plusValues);
            ref var rmv = ref MemoryMarshal.GetReference(minusValues);
            var iota = Vector256.Create(0.0, 1.0, 2.0, 3.0);
            var vy = Vector256.Create(yRel);
            var vcrpix = Vector256.Create(crpix1);
            for (; j <= plusValues.Length - 8; j += 8)
            {
                var (plusLow, plusHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref rpv, (nuint)j));
                var (minusLow, minusHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref rmv, (nuint)j));
                for (var half = 0; half < 2; half++)
                {
                    var k = j + (4 * half);
                    var diff = half == 0 ? plusLow - minusLow : plusHigh - minusHigh;
                    // (diff − diff) is 0 for finite diff and NaN for ±∞ or NaN: double.IsFinite.
                    var usable = Vector256.GreaterThan(Vector256.LoadUnsafe(ref rpa, (nuint)k), Vector256<double>.Zero)
                        & Vector256.GreaterThan(Vector256.LoadUnsafe(ref rma, (nuint)k), Vector256<double>.Zero)
                        & Vector256.Equals(diff - diff, Vector256<double>.Zero);
                    if (usable.ExtractMostSignificantBits() == 0b1111)
                    {
                        ((Vector256.Create((double)(column1 + k)) + iota) - vcrpix).StoreUnsafe(ref x[m]);
                        vy.StoreUnsafe(ref y[m]);
                        diff.StoreUnsafe(ref d[m]);
                        m += 4;
                    }
                    else
                    {
                        m = GatherScalar(plusArea, minusArea, plusValues, minusValues, k, k + 4, column1, crpix1, yRel, x, y, d, m);
                    }
                }
            }
        }
        return GatherScalar(plusArea, minusArea, plusValues, minusValues, j, plusValues.Length, column1, crpix1, yRel, x, y, d, m);
    }

    private static int GatherScalar(ReadOnlySpan<double> plusArea, ReadOnlySpan<double> minusArea, ReadOnlySpan<float> plusValues,
        ReadOnlySpan<float> minusValues, int from, int to, int column1, double crpix1, double yRel, double[] x, double[] y, double[] d, int m)
    {
        for (var j = from; j < to; j++)
        {
            if (!(plusArea[j] > 0) || !(minusArea[j] > 0))
                continue;
            var diff = (double)plusValues[j] - minusValues[j];
            if (!double.IsFinite(diff))
                continue;
            x[m] = column1 + j - crpix1;
            y[m] = yRel;
            d[m] = diff;
            m++;
        }
        return m;
    }

    /// <summary>The difference image on the overlap window (NaN where either image is blank), as mDiff writes.</summary>
    public static ProjectedImage Difference(ProjectedImage plus, ProjectedImage minus)
    {
        var overlap = plus.Window.Intersect(minus.Window);
        var values = new float[overlap.PixelCount];
        var area = new double[overlap.PixelCount];
        var i = 0;
        for (var row = overlap.Y0; row < overlap.Y1; row++)
        {
            for (var col = overlap.X0; col < overlap.X1; col++, i++)
            {
                var p = Index(plus.Window, col, row);
                var q = Index(minus.Window, col, row);
                var both = plus.Area[p] > 0 && minus.Area[q] > 0;
                values[i] = both ? plus.Values[p] - minus.Values[q] : float.NaN;
                area[i] = both ? Math.Min(plus.Area[p], minus.Area[q]) : 0;
            }
        }
        return new ProjectedImage(overlap, values, area);
    }

    private static int Index(PixelWindow w, int col, int row) => ((row - w.Y0) * w.Width) + (col - w.X0);
}
