using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VolunteerGrid.WorkUnits.Wavelets;

/// <summary>
/// The 1-D filter loops of one DWT level, in pywt's indexing (downsampling_convolution and
/// upsampling_convolution_valid_sf in PyWavelets' convolution.c):
/// forward c[k] = Σ_j f[j]·x[2k+1−j] (x symmetrically extended), k &lt; ⌊(n+L−1)/2⌋;
/// inverse x[2m+p] = Σ_j r[2j+p]·c[m+L/2−1−j].
/// Every output is accumulated in the same tap order with separate multiply and add (no FMA) in
/// both the vector and the scalar path, so a value does not depend on its SIMD lane: a tile's
/// interior is bit-identical to the whole image's. 4-tap filters go to <see cref="DwtKernels4"/>
/// instead (vectors and scalars alike), which fuses its multiply-adds the same way in every lane.
/// </summary>
internal static class DwtKernels
{
    /// <summary>
    /// Axis-0 (column) analysis of one output row into the low and high rows: tap j reads the source
    /// row starting at <paramref name="rowOffsets"/>[j] in <paramref name="source"/> (the caller has
    /// applied the symmetric extension and any roll), through the column runs.
    /// </summary>
    public static void ForwardColumns(double[] source, ReadOnlySpan<int> rowOffsets, ReadOnlySpan<ColumnRun> runs, double[] lo, double[] hi, Span<double> loRow, Span<double> hiRow)
    {
        var taps = lo.Length;
        ref var src = ref MemoryMarshal.GetArrayDataReference(source);
        foreach (var run in runs)
        {
            ref var dl = ref Unsafe.Add(ref MemoryMarshal.GetReference(loRow), run.Target);
            ref var dh = ref Unsafe.Add(ref MemoryMarshal.GetReference(hiRow), run.Target);
            ref var from = ref Unsafe.Add(ref src, run.Source);
            var n = run.Length;
            var c = 0;
            if (taps == 4)
            {
                c = DwtKernels4.ForwardColumns(ref from, rowOffsets, n, lo, hi, ref dl, ref dh);
            }
            else if (Vector.IsHardwareAccelerated)
            {
                for (; c <= n - Vector<double>.Count; c += Vector<double>.Count)
                {
                    var accLo = Vector<double>.Zero;
                    var accHi = Vector<double>.Zero;
                    for (var j = 0; j < taps; j++)
                    {
                        var v = Vector.LoadUnsafe(ref from, (nuint)(rowOffsets[j] + c));
                        accLo += new Vector<double>(lo[j]) * v;
                        accHi += new Vector<double>(hi[j]) * v;
                    }
                    accLo.StoreUnsafe(ref dl, (nuint)c);
                    accHi.StoreUnsafe(ref dh, (nuint)c);
                }
            }
            for (; c < n; c++)
            {
                double accLo = 0, accHi = 0;
                for (var j = 0; j < taps; j++)
                {
                    var v = Unsafe.Add(ref from, rowOffsets[j] + c);
                    accLo += lo[j] * v;
                    accHi += hi[j] * v;
                }
                Unsafe.Add(ref dl, c) = accLo;
                Unsafe.Add(ref dh, c) = accHi;
            }
        }
    }

    /// <summary>
    /// Axis-1 (row) analysis. The extended row is split into even and odd samples so both filters
    /// run over contiguous memory: c[k] = Σ_i f[2i]·odd[k+h−i] + f[2i+1]·even[k+h−i], h = L/2−1.
    /// </summary>
    public static void ForwardRow(ReadOnlySpan<double> row, double[] lo, double[] hi, Span<double> outLo, Span<double> outHi, Span<double> even, Span<double> odd)
    {
        var taps = lo.Length;
        var half = (taps / 2) - 1;
        var n = row.Length;
        var m = outLo.Length;
        var needed = m + half;
        // Extended index (2t − pad) with pad = L − 2, so even[t] ↔ x[2t−pad], odd[t] ↔ x[2t+1−pad].
        // Interior t (both samples inside the row) is split 8 samples at a time; the rest reflects.
        var first = half;
        var t = 0;
        for (; t < Math.Min(first, needed); t++)
            SplitExtended(row, t, half, even, odd);
        if (Avx2.IsSupported)
        {
            ref var r = ref MemoryMarshal.GetReference(row);
            ref var ev = ref MemoryMarshal.GetReference(even);
            ref var od = ref MemoryMarshal.GetReference(odd);
            for (; t + 4 <= needed && (2 * (t + 4)) - (2 * half) <= n; t += 4)
            {
                var at = (nuint)((2 * t) - (2 * half));
                var a = Vector256.LoadUnsafe(ref r, at);
                var b = Vector256.LoadUnsafe(ref r, at + 4);
                // unpcklpd/unpckhpd pair within 128-bit lanes; vpermpd 0xD8 puts lanes in order.
                Avx2.Permute4x64(Avx.UnpackLow(a, b), 0xD8).StoreUnsafe(ref ev, (nuint)t);
                Avx2.Permute4x64(Avx.UnpackHigh(a, b), 0xD8).StoreUnsafe(ref od, (nuint)t);
            }
        }
        for (; t < needed; t++)
            SplitExtended(row, t, half, even, odd);
        ref var e = ref MemoryMarshal.GetReference(even);
        ref var o = ref MemoryMarshal.GetReference(odd);
        ref var dl = ref MemoryMarshal.GetReference(outLo);
        ref var dh = ref MemoryMarshal.GetReference(outHi);
        var k = 0;
        if (taps == 4)
        {
            k = DwtKernels4.ForwardRow(ref e, ref o, m, lo, hi, ref dl, ref dh);
        }
        else if (Vector.IsHardwareAccelerated)
        {
            for (; k <= m - Vector<double>.Count; k += Vector<double>.Count)
            {
                var accLo = Vector<double>.Zero;
                var accHi = Vector<double>.Zero;
                for (var i = 0; i <= half; i++)
                {
                    var at = (nuint)(k + half - i);
                    var vo = Vector.LoadUnsafe(ref o, at);
                    accLo += new Vector<double>(lo[2 * i]) * vo;
                    accHi += new Vector<double>(hi[2 * i]) * vo;
                    var ve = Vector.LoadUnsafe(ref e, at);
                    accLo += new Vector<double>(lo[(2 * i) + 1]) * ve;
                    accHi += new Vector<double>(hi[(2 * i) + 1]) * ve;
                }
                accLo.StoreUnsafe(ref dl, (nuint)k);
                accHi.StoreUnsafe(ref dh, (nuint)k);
            }
        }
        for (; k < m; k++)
        {
            double accLo = 0, accHi = 0;
            for (var i = 0; i <= half; i++)
            {
                var at = k + half - i;
                var vo = Unsafe.Add(ref o, at);
                accLo += lo[2 * i] * vo;
                accHi += hi[2 * i] * vo;
                var ve = Unsafe.Add(ref e, at);
                accLo += lo[(2 * i) + 1] * ve;
                accHi += hi[(2 * i) + 1] * ve;
            }
            Unsafe.Add(ref dl, k) = accLo;
            Unsafe.Add(ref dh, k) = accHi;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SplitExtended(ReadOnlySpan<double> row, int t, int half, Span<double> even, Span<double> odd)
    {
        var n = row.Length;
        var i = (2 * t) - (2 * half);
        even[t] = row[(uint)i < (uint)n ? i : SymmetricExtension.Reflect(i, n)];
        odd[t] = row[(uint)(i + 1) < (uint)n ? i + 1 : SymmetricExtension.Reflect(i + 1, n)];
    }

    /// <summary>
    /// Axis-1 synthesis of one row from its low and high coefficients into <paramref name="output"/>
    /// (its length n ≤ 2M−L+2 drops pywt's extra sample on odd sizes). Low and high sums are formed
    /// separately and then added, as pywt's idwt does.
    /// </summary>
    public static void InverseRow(ReadOnlySpan<double> a, ReadOnlySpan<double> d, double[] recLo, double[] recHi, Span<double> output, Span<double> evenOut, Span<double> oddOut)
    {
        InversePairs(a, d, recLo, recHi, output.Length, evenOut, oddOut);
        Interleave(evenOut, oddOut, output);
    }

    /// <summary>output[2m] = even[m], output[2m+1] = odd[m]: a synthesised row from its even/odd outputs.</summary>
    public static void Interleave(ReadOnlySpan<double> evenOut, ReadOnlySpan<double> oddOut, Span<double> output)
    {
        var n = output.Length;
        ref var ev = ref MemoryMarshal.GetReference(evenOut);
        ref var od = ref MemoryMarshal.GetReference(oddOut);
        var i = 0;
        if (Avx2.IsSupported)
        {
            ref var o = ref MemoryMarshal.GetReference(output);
            for (; i + 4 <= n / 2; i += 4)
            {
                var e = Vector256.LoadUnsafe(ref ev, (nuint)i);
                var odds = Vector256.LoadUnsafe(ref od, (nuint)i);
                // (e0,o0,e2,o2) and (e1,o1,e3,o3); vperm2f128 takes their low and high halves.
                var low = Avx.UnpackLow(e, odds);
                var high = Avx.UnpackHigh(e, odds);
                Avx.Permute2x128(low, high, 0x20).StoreUnsafe(ref o, (nuint)(2 * i));
                Avx.Permute2x128(low, high, 0x31).StoreUnsafe(ref o, (nuint)((2 * i) + 4));
            }
        }
        for (; i < n / 2; i++)
        {
            output[2 * i] = Unsafe.Add(ref ev, i);
            output[(2 * i) + 1] = Unsafe.Add(ref od, i);
        }
        if ((n & 1) != 0)
            output[n - 1] = Unsafe.Add(ref ev, n / 2);
    }

    /// <summary>
    /// The even (x[2m]) and odd (x[2m+1]) outputs of <see cref="InverseRow"/> for an n-sample row,
    /// not yet interleaved: ⌈n/2⌉ of each.
    /// </summary>
    public static void InversePairs(ReadOnlySpan<double> a, ReadOnlySpan<double> d, double[] recLo, double[] recHi, int n, Span<double> evenOut, Span<double> oddOut)
    {
        var half = (recLo.Length / 2) - 1;
        var pairs = (n + 1) / 2;
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rd = ref MemoryMarshal.GetReference(d);
        ref var ev = ref MemoryMarshal.GetReference(evenOut);
        ref var od = ref MemoryMarshal.GetReference(oddOut);
        var m = 0;
        if (half == 1)
        {
            // Vectors may read up to m + 1 + Count − 1 < a.Length.
            var count = Math.Min(pairs, a.Length - 1);
            m = DwtKernels4.Inverse(ref Unsafe.Add(ref ra, 1), ref Unsafe.Add(ref rd, 1), ref ra, ref rd, count, recLo, recHi, ref ev, ref od, withOdd: true);
        }
        else if (Vector.IsHardwareAccelerated)
        {
            for (; m <= pairs - Vector<double>.Count && m + half + Vector<double>.Count <= a.Length; m += Vector<double>.Count)
            {
                Vector<double> loE = Vector<double>.Zero, loO = Vector<double>.Zero, hiE = Vector<double>.Zero, hiO = Vector<double>.Zero;
                for (var j = 0; j <= half; j++)
                {
                    var at = (nuint)(m + half - j);
                    var va = Vector.LoadUnsafe(ref ra, at);
                    var vd = Vector.LoadUnsafe(ref rd, at);
                    loE += new Vector<double>(recLo[2 * j]) * va;
                    loO += new Vector<double>(recLo[(2 * j) + 1]) * va;
                    hiE += new Vector<double>(recHi[2 * j]) * vd;
                    hiO += new Vector<double>(recHi[(2 * j) + 1]) * vd;
                }
                (loE + hiE).StoreUnsafe(ref ev, (nuint)m);
                (loO + hiO).StoreUnsafe(ref od, (nuint)m);
            }
        }
        for (; m < pairs; m++)
        {
            double loE = 0, loO = 0, hiE = 0, hiO = 0;
            for (var j = 0; j <= half; j++)
            {
                var at = m + half - j;
                var va = a[at];
                var vd = d[at];
                loE += recLo[2 * j] * va;
                loO += recLo[(2 * j) + 1] * va;
                hiE += recHi[2 * j] * vd;
                hiO += recHi[(2 * j) + 1] * vd;
            }
            Unsafe.Add(ref ev, m) = loE + hiE;
            Unsafe.Add(ref od, m) = loO + hiO;
        }
    }

    /// <summary>
    /// Axis-0 synthesis of output rows 2m (and 2m+1 when it exists) from the low/high rows m..m+h
    /// (h = L/2 − 1): row m+h−j of each starts at <paramref name="rowOffsets"/>[j] in
    /// <paramref name="low"/> and <paramref name="high"/> (a ring of recent rows), n columns.
    /// </summary>
    public static void InverseColumns(double[] low, double[] high, ReadOnlySpan<int> rowOffsets, double[] recLo, double[] recHi, int n, Span<double> evenRow, Span<double> oddRow, bool withOdd)
    {
        var half = (recLo.Length / 2) - 1;
        ref var l = ref MemoryMarshal.GetArrayDataReference(low);
        ref var h = ref MemoryMarshal.GetArrayDataReference(high);
        ref var de = ref MemoryMarshal.GetReference(evenRow);
        ref var dof = ref MemoryMarshal.GetReference(oddRow);
        var c = 0;
        if (half == 1)
        {
            c = DwtKernels4.Inverse(
                ref Unsafe.Add(ref l, rowOffsets[0]), ref Unsafe.Add(ref h, rowOffsets[0]), ref Unsafe.Add(ref l, rowOffsets[1]), ref Unsafe.Add(ref h, rowOffsets[1]),
                n, recLo, recHi, ref de, ref dof, withOdd);
        }
        else if (Vector.IsHardwareAccelerated)
        {
            for (; c <= n - Vector<double>.Count; c += Vector<double>.Count)
            {
                Vector<double> loE = Vector<double>.Zero, loO = Vector<double>.Zero, hiE = Vector<double>.Zero, hiO = Vector<double>.Zero;
                for (var j = 0; j <= half; j++)
                {
                    var at = (nuint)(rowOffsets[j] + c);
                    var va = Vector.LoadUnsafe(ref l, at);
                    var vd = Vector.LoadUnsafe(ref h, at);
                    loE += new Vector<double>(recLo[2 * j]) * va;
                    loO += new Vector<double>(recLo[(2 * j) + 1]) * va;
                    hiE += new Vector<double>(recHi[2 * j]) * vd;
                    hiO += new Vector<double>(recHi[(2 * j) + 1]) * vd;
                }
                (loE + hiE).StoreUnsafe(ref de, (nuint)c);
                if (withOdd)
                    (loO + hiO).StoreUnsafe(ref dof, (nuint)c);
            }
        }
        for (; c < n; c++)
        {
            double loE = 0, loO = 0, hiE = 0, hiO = 0;
            for (var j = 0; j <= half; j++)
            {
                var at = rowOffsets[j] + c;
                var va = Unsafe.Add(ref l, at);
                var vd = Unsafe.Add(ref h, at);
                loE += recLo[2 * j] * va;
                loO += recLo[(2 * j) + 1] * va;
                hiE += recHi[2 * j] * vd;
                hiO += recHi[(2 * j) + 1] * vd;
            }
            Unsafe.Add(ref de, c) = loE + hiE;
            if (withOdd)
                Unsafe.Add(ref dof, c) = loO + hiO;
        }
    }
}
