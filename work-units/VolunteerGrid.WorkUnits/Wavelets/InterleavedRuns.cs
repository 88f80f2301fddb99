using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VolunteerGrid.WorkUnits.Wavelets;

/// <summary>
/// Interleaves a synthesised row's even and odd outputs (x[2m] = even[m], x[2m+1] = odd[m]) straight
/// into a running sum through column runs: one pass instead of interleaving into a row and then
/// adding that row, for the cycle-spin sums of <see cref="WaveletTransform2D.InverseFinestOfSums"/>.
/// Each sum element receives the same value as via the row, so results are unchanged bit for bit.
/// </summary>
internal static class InterleavedRuns
{
    /// <summary>
    /// For each run, x[Source + i] goes to target[Target + i] (i &lt; Length): copied when
    /// <paramref name="starts"/>, added otherwise.
    /// </summary>
    public static void Into(ReadOnlySpan<double> even, ReadOnlySpan<double> odd, ColumnRun[] runs, Span<double> target, bool starts)
    {
        ref var ev = ref MemoryMarshal.GetReference(even);
        ref var od = ref MemoryMarshal.GetReference(odd);
        foreach (var run in runs)
        {
            var to = target.Slice(run.Target, run.Length);
            ref var t = ref MemoryMarshal.GetReference(to);
            var p = run.Source;
            var end = run.Source + run.Length;
            var i = 0;
            // An odd first position is taken alone so the vector loop starts on a pair.
            if ((p & 1) != 0)
            {
                Put(ref t, 0, Unsafe.Add(ref od, p >> 1), starts);
                p++;
                i++;
            }
            if (Avx2.IsSupported)
            {
                for (; p + 8 <= end; p += 8, i += 8)
                {
                    var e = Vector256.LoadUnsafe(ref ev, (nuint)(p >> 1));
                    var o = Vector256.LoadUnsafe(ref od, (nuint)(p >> 1));
                    // (e0,o0,e2,o2) and (e1,o1,e3,o3); vperm2f128 takes their low and high halves.
                    var low = Avx.UnpackLow(e, o);
                    var high = Avx.UnpackHigh(e, o);
                    var first = Avx.Permute2x128(low, high, 0x20);
                    var second = Avx.Permute2x128(low, high, 0x31);
                    if (!starts)
                    {
                        first += Vector256.LoadUnsafe(ref t, (nuint)i);
                        second += Vector256.LoadUnsafe(ref t, (nuint)(i + 4));
                    }
                    first.StoreUnsafe(ref t, (nuint)i);
                    second.StoreUnsafe(ref t, (nuint)(i + 4));
                }
            }
            for (; p < end; p++, i++)
                Put(ref t, i, (p & 1) == 0 ? Unsafe.Add(ref ev, p >> 1) : Unsafe.Add(ref od, p >> 1), starts);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(ref double target, int i, double value, bool starts)
    {
        if (starts)
            Unsafe.Add(ref target, i) = value;
        else
            Unsafe.Add(ref target, i) += value;
    }
}
