using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VolunteerGrid.WorkUnits.Wavelets;

/// <summary>
/// <see cref="DwtKernels4.Inverse"/> (4-tap synthesis of one row's even/odd outputs) with soft
/// thresholding applied to the coefficients as they are loaded, for the cycle-spin finest level:
/// no thresholded copy of each detail row is written and read back. Each coefficient vector is
/// thresholded once and its "one further" neighbour (taps 0, 1) is shuffled out of two consecutive
/// thresholded vectors, so the arithmetic per coefficient is that of the separate pass. The
/// thresholded values are <see cref="Shrinkage"/>'s soft rule bit for bit and the products are
/// summed in <see cref="DwtKernels4.Inverse"/>'s order, so the outputs are unchanged.
/// </summary>
internal static class ShrunkInverse4
{
    /// <summary>
    /// Whether <see cref="Pairs"/> can stand in for <see cref="Shrinkage.ApplyTo"/> and
    /// <see cref="DwtKernels.InversePairs"/>: soft rule, 4 taps, vectors, and positive thresholds
    /// (a zero threshold copies the row unchanged, which the separate pass handles).
    /// </summary>
    public static bool Applies(int taps, ThresholdMode mode, [NotNullWhen(true)] BandThresholds? thresholds) =>
        taps == 4 && mode == ThresholdMode.Soft && Avx.IsSupported
        && thresholds is { } t && t.AD > 0 && t.DA > 0 && t.DD > 0;

    /// <summary>
    /// even[m] / odd[m] for m &lt; <paramref name="pairs"/> from a[m+1], a[m], d[m+1], d[m]
    /// (a.Length, d.Length ≥ pairs + 1), a thresholded by <paramref name="ta"/> when
    /// <paramref name="shrinkA"/>, d always by <paramref name="td"/> (both &gt; 0).
    /// </summary>
    public static void Pairs(ReadOnlySpan<double> a, ReadOnlySpan<double> d, int pairs, double[] recLo, double[] recHi, bool shrinkA, double ta, double td, Span<double> even, Span<double> odd)
    {
        if (a.Length < pairs + 1 || d.Length < pairs + 1 || even.Length < pairs || odd.Length < pairs)
            throw new ArgumentException("Coefficient rows need pairs + 1 values and outputs pairs values.");
        var m = 0;
        if (Avx.IsSupported)
            m = Vectors(a, d, pairs, recLo, recHi, shrinkA, ta, td, even, odd);
        double e0 = recLo[0], o0 = recLo[1], e1 = recLo[2], o1 = recLo[3];
        double he0 = recHi[0], ho0 = recHi[1], he1 = recHi[2], ho1 = recHi[3];
        for (; m < pairs; m++)
        {
            var a1 = shrinkA ? Soft(a[m + 1], ta) : a[m + 1];
            var a0 = shrinkA ? Soft(a[m], ta) : a[m];
            var d1 = Soft(d[m + 1], td);
            var d0 = Soft(d[m], td);
            even[m] = DwtKernels4.Pair(e0, e1, he0, he1, a1, a0, d1, d0);
            odd[m] = DwtKernels4.Pair(o0, o1, ho0, ho1, a1, a0, d1, d0);
        }
    }

    /// <summary>The vector body; returns where the scalar tail continues.</summary>
    private static int Vectors(ReadOnlySpan<double> a, ReadOnlySpan<double> d, int pairs, double[] recLo, double[] recHi, bool shrinkA, double ta, double td, Span<double> even, Span<double> odd)
    {
        // Each step reads coefficients m .. m + 7 (this vector and the next one).
        var last = Math.Min(pairs, Math.Min(a.Length, d.Length) - 4) - 4;
        if (last < 0)
            return 0;
        Vector256<double> e0 = Vector256.Create(recLo[0]), o0 = Vector256.Create(recLo[1]), e1 = Vector256.Create(recLo[2]), o1 = Vector256.Create(recLo[3]);
        Vector256<double> he0 = Vector256.Create(recHi[0]), ho0 = Vector256.Create(recHi[1]), he1 = Vector256.Create(recHi[2]), ho1 = Vector256.Create(recHi[3]);
        var vta = Vector256.Create(ta);
        var vtd = Vector256.Create(td);
        var magnitude = Vector256.Create(0x7FFF_FFFF_FFFF_FFFFUL).AsDouble();
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rd = ref MemoryMarshal.GetReference(d);
        ref var ev = ref MemoryMarshal.GetReference(even);
        ref var od = ref MemoryMarshal.GetReference(odd);
        var va0 = Vector256.LoadUnsafe(ref ra);
        if (shrinkA)
            va0 = Soft(va0, vta);
        var vd0 = Soft(Vector256.LoadUnsafe(ref rd), vtd);
        var m = 0;
        for (; m <= last; m += 4)
        {
            var at = (nuint)(m + 4);
            var na = Vector256.LoadUnsafe(ref ra, at);
            if (shrinkA)
                na = Soft(na, vta);
            var nd = Soft(Vector256.LoadUnsafe(ref rd, at), vtd);
            // Rows where both bands are thresholded are mostly zeros at the finest level (noise):
            // eight zero coefficients give zero outputs (+0 for ±0, equal values) without the products.
            if (shrinkA && (((va0 | vd0 | na | nd) & magnitude) == Vector256<double>.Zero))
            {
                Vector256<double>.Zero.StoreUnsafe(ref ev, (nuint)m);
                Vector256<double>.Zero.StoreUnsafe(ref od, (nuint)m);
                va0 = na;
                vd0 = nd;
                continue;
            }
            var va1 = OneFurther(va0, na);
            var vd1 = OneFurther(vd0, nd);
            DwtKernels4.Pair(e0, e1, he0, he1, va1, va0, vd1, vd0).StoreUnsafe(ref ev, (nuint)m);
            DwtKernels4.Pair(o0, o1, ho0, ho1, va1, va0, vd1, vd0).StoreUnsafe(ref od, (nuint)m);
            va0 = na;
            vd0 = nd;
        }
        return m;
    }

    /// <summary>(x1, x2, x3, y0): the vector starting one element after <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> OneFurther(Vector256<double> x, Vector256<double> y)
    {
        // (x2, x3, y0, y1), then shufpd picks x1, x2 from the first lane and x3, y0 from the second.
        var middle = Avx.Permute2x128(x, y, 0x21);
        return Avx.Shuffle(x, middle, 0b0101);
    }

    /// <summary>Shrinkage's soft rule: max(|x| − t, 0) with x's sign.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Soft(Vector256<double> x, Vector256<double> t)
    {
        var sign = Vector256.Create(-0.0);
        return Vector256.Max(Vector256.Abs(x) - t, Vector256<double>.Zero) | (x & sign);
    }

    private static double Soft(double x, double t) => Math.CopySign(Math.Max(Math.Abs(x) - t, 0), x);
}
