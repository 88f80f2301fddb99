using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VolunteerGrid.WorkUnits.Wavelets;

/// <summary>
/// The loops of <see cref="DwtKernels"/> for 4-tap filters (db2, sym2: the usual denoising
/// wavelets), vectors and scalar tail alike: filter taps held in registers and tap rows addressed
/// once per row instead of per vector. The products are summed in the generic loop's tap order but
/// with fused multiply-adds (IEEE 754-2008 fusedMultiplyAdd: one rounding per tap after the first),
/// in the vectors (<c>Vector.FusedMultiplyAdd</c>) and in the scalar tail
/// (<see cref="Math.FusedMultiplyAdd"/>) alike, so a value still does not depend on its lane or on
/// where a row is cut: a tile's interior stays bit-identical to the whole image's. Against the
/// generic loop (separate multiply and add) the values differ by rounding only (≤ a few ulp),
/// well inside the 1e-6 agreement with PyWavelets the tests ask for. Each processes every element.
/// </summary>
internal static class DwtKernels4
{
    public static int ForwardColumns(ref double from, ReadOnlySpan<int> rowOffsets, int n, double[] lo, double[] hi, ref double dl, ref double dh)
    {
        ref var r0 = ref Unsafe.Add(ref from, rowOffsets[0]);
        ref var r1 = ref Unsafe.Add(ref from, rowOffsets[1]);
        ref var r2 = ref Unsafe.Add(ref from, rowOffsets[2]);
        ref var r3 = ref Unsafe.Add(ref from, rowOffsets[3]);
        Vector<double> l0 = new(lo[0]), l1 = new(lo[1]), l2 = new(lo[2]), l3 = new(lo[3]);
        Vector<double> h0 = new(hi[0]), h1 = new(hi[1]), h2 = new(hi[2]), h3 = new(hi[3]);
        var c = 0;
        for (; Vector.IsHardwareAccelerated && c <= n - Vector<double>.Count; c += Vector<double>.Count)
        {
            var at = (nuint)c;
            var v0 = Vector.LoadUnsafe(ref r0, at);
            var v1 = Vector.LoadUnsafe(ref r1, at);
            var v2 = Vector.LoadUnsafe(ref r2, at);
            var v3 = Vector.LoadUnsafe(ref r3, at);
            Taps(l0, l1, l2, l3, v0, v1, v2, v3).StoreUnsafe(ref dl, at);
            Taps(h0, h1, h2, h3, v0, v1, v2, v3).StoreUnsafe(ref dh, at);
        }
        for (; c < n; c++)
        {
            double v0 = Unsafe.Add(ref r0, c), v1 = Unsafe.Add(ref r1, c), v2 = Unsafe.Add(ref r2, c), v3 = Unsafe.Add(ref r3, c);
            Unsafe.Add(ref dl, c) = Taps(lo[0], lo[1], lo[2], lo[3], v0, v1, v2, v3);
            Unsafe.Add(ref dh, c) = Taps(hi[0], hi[1], hi[2], hi[3], v0, v1, v2, v3);
        }
        return c;
    }

    /// <summary>c[k] = f0·odd[k+1] + f1·even[k+1] + f2·odd[k] + f3·even[k] (the generic i = 0, 1 order).</summary>
    public static int ForwardRow(ref double e, ref double o, int m, double[] lo, double[] hi, ref double dl, ref double dh)
    {
        Vector<double> l0 = new(lo[0]), l1 = new(lo[1]), l2 = new(lo[2]), l3 = new(lo[3]);
        Vector<double> h0 = new(hi[0]), h1 = new(hi[1]), h2 = new(hi[2]), h3 = new(hi[3]);
        var k = 0;
        for (; Vector.IsHardwareAccelerated && k <= m - Vector<double>.Count; k += Vector<double>.Count)
        {
            var vo1 = Vector.LoadUnsafe(ref o, (nuint)(k + 1));
            var ve1 = Vector.LoadUnsafe(ref e, (nuint)(k + 1));
            var vo0 = Vector.LoadUnsafe(ref o, (nuint)k);
            var ve0 = Vector.LoadUnsafe(ref e, (nuint)k);
            Taps(l0, l1, l2, l3, vo1, ve1, vo0, ve0).StoreUnsafe(ref dl, (nuint)k);
            Taps(h0, h1, h2, h3, vo1, ve1, vo0, ve0).StoreUnsafe(ref dh, (nuint)k);
        }
        for (; k < m; k++)
        {
            double vo1 = Unsafe.Add(ref o, k + 1), ve1 = Unsafe.Add(ref e, k + 1), vo0 = Unsafe.Add(ref o, k), ve0 = Unsafe.Add(ref e, k);
            Unsafe.Add(ref dl, k) = Taps(lo[0], lo[1], lo[2], lo[3], vo1, ve1, vo0, ve0);
            Unsafe.Add(ref dh, k) = Taps(hi[0], hi[1], hi[2], hi[3], vo1, ve1, vo0, ve0);
        }
        return k;
    }

    /// <summary>Synthesis from coefficient rows/samples at m+1 (taps 0, 1) and m (taps 2, 3).</summary>
    public static int Inverse(ref double a1, ref double d1, ref double a0, ref double d0, int count, double[] recLo, double[] recHi, ref double even, ref double odd, bool withOdd)
    {
        Vector<double> e0 = new(recLo[0]), o0 = new(recLo[1]), e1 = new(recLo[2]), o1 = new(recLo[3]);
        Vector<double> he0 = new(recHi[0]), ho0 = new(recHi[1]), he1 = new(recHi[2]), ho1 = new(recHi[3]);
        var i = 0;
        for (; Vector.IsHardwareAccelerated && i <= count - Vector<double>.Count; i += Vector<double>.Count)
        {
            var at = (nuint)i;
            var va1 = Vector.LoadUnsafe(ref a1, at);
            var vd1 = Vector.LoadUnsafe(ref d1, at);
            var va0 = Vector.LoadUnsafe(ref a0, at);
            var vd0 = Vector.LoadUnsafe(ref d0, at);
            Pair(e0, e1, he0, he1, va1, va0, vd1, vd0).StoreUnsafe(ref even, at);
            if (withOdd)
                Pair(o0, o1, ho0, ho1, va1, va0, vd1, vd0).StoreUnsafe(ref odd, at);
        }
        for (; i < count; i++)
        {
            double va1 = Unsafe.Add(ref a1, i), vd1 = Unsafe.Add(ref d1, i), va0 = Unsafe.Add(ref a0, i), vd0 = Unsafe.Add(ref d0, i);
            Unsafe.Add(ref even, i) = Pair(recLo[0], recLo[2], recHi[0], recHi[2], va1, va0, vd1, vd0);
            if (withOdd)
                Unsafe.Add(ref odd, i) = Pair(recLo[1], recLo[3], recHi[1], recHi[3], va1, va0, vd1, vd0);
        }
        return i;
    }

    /// <summary>f0·x0 + f1·x1 + f2·x2 + f3·x3, summed in that order, one rounding per tap after the first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Taps(Vector<double> f0, Vector<double> f1, Vector<double> f2, Vector<double> f3, Vector<double> x0, Vector<double> x1, Vector<double> x2, Vector<double> x3) =>
        Vector.FusedMultiplyAdd(f3, x3, Vector.FusedMultiplyAdd(f2, x2, Vector.FusedMultiplyAdd(f1, x1, f0 * x0)));

    /// <inheritdoc cref="Taps(Vector{double}, Vector{double}, Vector{double}, Vector{double}, Vector{double}, Vector{double}, Vector{double}, Vector{double})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Taps(double f0, double f1, double f2, double f3, double x0, double x1, double x2, double x3) =>
        Math.FusedMultiplyAdd(f3, x3, Math.FusedMultiplyAdd(f2, x2, Math.FusedMultiplyAdd(f1, x1, f0 * x0)));

    /// <summary>
    /// One synthesis output: the low sum lo1·a1 + lo0·a0 and the high sum hi1·d1 + hi0·d0 (each one
    /// fused multiply-add), then low + high, as pywt's idwt adds its two upsampled convolutions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Pair(Vector<double> lo1, Vector<double> lo0, Vector<double> hi1, Vector<double> hi0, Vector<double> a1, Vector<double> a0, Vector<double> d1, Vector<double> d0) =>
        Vector.FusedMultiplyAdd(lo1, a1, lo0 * a0) + Vector.FusedMultiplyAdd(hi1, d1, hi0 * d0);

    /// <inheritdoc cref="Pair(Vector{double}, Vector{double}, Vector{double}, Vector{double}, Vector{double}, Vector{double}, Vector{double}, Vector{double})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Pair(Vector256<double> lo1, Vector256<double> lo0, Vector256<double> hi1, Vector256<double> hi0, Vector256<double> a1, Vector256<double> a0, Vector256<double> d1, Vector256<double> d0) =>
        Vector256.FusedMultiplyAdd(lo1, a1, lo0 * a0) + Vector256.FusedMultiplyAdd(hi1, d1, hi0 * d0);

    /// <inheritdoc cref="Pair(Vector{double}, Vector{double}, Vector{double}, Vector{double}, Vector{double}, Vector{double}, Vector{double}, Vector{double})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Pair(double lo1, double lo0, double hi1, double hi0, double a1, double a0, double d1, double d0) =>
        Math.FusedMultiplyAdd(lo1, a1, lo0 * a0) + Math.FusedMultiplyAdd(hi1, d1, hi0 * d0);
}
