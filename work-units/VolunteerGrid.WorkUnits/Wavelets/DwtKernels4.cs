using System.Numerics;
using System.Runtime.CompilerServices;

namespace VolunteerGrid.WorkUnits.Wavelets;

/// <summary>
/// The vector loops of <see cref="DwtKernels"/> unrolled for 4-tap filters (db2, sym2: the usual
/// denoising wavelets): filter taps held in registers and tap rows addressed once per row instead of
/// per vector, which halves the time of the generic tap loop. The products are summed in exactly
/// the generic loop's order (separate multiply and add, no FMA) but from the first product instead
/// of from 0 + it: 0 + x is x except that −0 becomes +0, so the values equal the generic loop's
/// (== and Equals) and only the sign of an exact zero may differ; the add saved was one of the
/// inner loops' few arithmetic operations. Each returns the index where its caller's scalar tail continues.
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
        for (; c <= n - Vector<double>.Count; c += Vector<double>.Count)
        {
            var at = (nuint)c;
            var v0 = Vector.LoadUnsafe(ref r0, at);
            var v1 = Vector.LoadUnsafe(ref r1, at);
            var v2 = Vector.LoadUnsafe(ref r2, at);
            var v3 = Vector.LoadUnsafe(ref r3, at);
            ((((l0 * v0) + (l1 * v1)) + (l2 * v2)) + (l3 * v3)).StoreUnsafe(ref dl, at);
            ((((h0 * v0) + (h1 * v1)) + (h2 * v2)) + (h3 * v3)).StoreUnsafe(ref dh, at);
        }
        return c;
    }

    /// <summary>c[k] = f0·odd[k+1] + f1·even[k+1] + f2·odd[k] + f3·even[k] (the generic i = 0, 1 order).</summary>
    public static int ForwardRow(ref double e, ref double o, int m, double[] lo, double[] hi, ref double dl, ref double dh)
    {
        Vector<double> l0 = new(lo[0]), l1 = new(lo[1]), l2 = new(lo[2]), l3 = new(lo[3]);
        Vector<double> h0 = new(hi[0]), h1 = new(hi[1]), h2 = new(hi[2]), h3 = new(hi[3]);
        var k = 0;
        for (; k <= m - Vector<double>.Count; k += Vector<double>.Count)
        {
            var vo1 = Vector.LoadUnsafe(ref o, (nuint)(k + 1));
            var ve1 = Vector.LoadUnsafe(ref e, (nuint)(k + 1));
            var vo0 = Vector.LoadUnsafe(ref o, (nuint)k);
            var ve0 = Vector.LoadUnsafe(ref e, (nuint)k);
            ((((l0 * vo1) + (l1 * ve1)) + (l2 * vo0)) + (l3 * ve0)).StoreUnsafe(ref dl, (nuint)k);
            ((((h0 * vo1) + (h1 * ve1)) + (h2 * vo0)) + (h3 * ve0)).StoreUnsafe(ref dh, (nuint)k);
        }
        return k;
    }

    /// <summary>Synthesis from coefficient rows/samples at m+1 (taps 0, 1) and m (taps 2, 3).</summary>
    public static int Inverse(ref double a1, ref double d1, ref double a0, ref double d0, int count, double[] recLo, double[] recHi, ref double even, ref double odd, bool withOdd)
    {
        Vector<double> e0 = new(recLo[0]), o0 = new(recLo[1]), e1 = new(recLo[2]), o1 = new(recLo[3]);
        Vector<double> he0 = new(recHi[0]), ho0 = new(recHi[1]), he1 = new(recHi[2]), ho1 = new(recHi[3]);
        var i = 0;
        for (; i <= count - Vector<double>.Count; i += Vector<double>.Count)
        {
            var at = (nuint)i;
            var va1 = Vector.LoadUnsafe(ref a1, at);
            var vd1 = Vector.LoadUnsafe(ref d1, at);
            var va0 = Vector.LoadUnsafe(ref a0, at);
            var vd0 = Vector.LoadUnsafe(ref d0, at);
            var loE = (e0 * va1) + (e1 * va0);
            var hiE = (he0 * vd1) + (he1 * vd0);
            (loE + hiE).StoreUnsafe(ref even, at);
            if (!withOdd)
                continue;
            var loO = (o0 * va1) + (o1 * va0);
            var hiO = (ho0 * vd1) + (ho1 * vd0);
            (loO + hiO).StoreUnsafe(ref odd, at);
        }
        return i;
    }
}
