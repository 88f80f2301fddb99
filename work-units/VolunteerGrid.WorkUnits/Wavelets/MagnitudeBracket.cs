using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using VolunteerGrid.WorkUnits.Statistics;

namespace VolunteerGrid.WorkUnits.Wavelets;

/// <summary>
/// median(|v|) over the non-zero values by sampling (Floyd &amp; Rivest 1975, "Expected time bounds
/// for selection", CACM 18(3)): a strided sample gives two magnitudes that bracket the middle ranks
/// with high probability; ONE vectorised pass counts the non-zero magnitudes below the bracket and
/// gathers those inside it, and the exact selection finishes on the few gathered. The same order
/// statistic as the radix select (bit for bit), in one pass over the band instead of two; when the
/// bracket misses the middle ranks it says so and the caller uses the radix select. Per cycle-spin
/// shift σ is one such median over a quarter of the pixels (Donoho &amp; Johnstone 1994).
/// </summary>
internal static class MagnitudeBracket
{
    public static bool TryMedian(ReadOnlySpan<double> values, out double median)
    {
        median = double.NaN;
        if (!TryBracket(values, out var lo, out var hi))
            return false;
        // Every value may land in the bracket in the worst case; a rented buffer touched only as far as used.
        var gathered = ArrayPool<double>.Shared.Rent(values.Length);
        try
        {
            var (nonZero, below, kept) = CountAndGather(values, lo, hi, gathered);
            if (nonZero == 0)
                return false;
            var upperRank = nonZero / 2;
            var lowerRank = (nonZero & 1) != 0 ? upperRank : upperRank - 1;
            // Ranks [below, below + kept) are the gathered magnitudes (every one in [lo, hi]).
            if (lowerRank < below || upperRank >= below + kept)
                return false;
            // The bracket spans a few of the radix select's 16-bit buckets: its second radix step
            // cuts the thousands gathered to a handful before the exact selection.
            const int BucketShift = 48;
            var candidates = Median.Refine(
                gathered.AsSpan(0, kept), (int)(BitConverter.DoubleToUInt64Bits(lo) >> BucketShift), (int)(BitConverter.DoubleToUInt64Bits(hi) >> BucketShift),
                Counts(), ref below, lowerRank, upperRank);
            median = Median.MiddleOf(candidates, below, lowerRank, upperRank);
            return true;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(gathered);
        }
    }

    [ThreadStatic]
    private static int[]? t_counts;

    /// <summary>This thread's bucket counts for the second radix step (cleared by it as far as it uses them).</summary>
    private static int[] Counts() => t_counts ??= new int[1 << 16];

    /// <summary>
    /// Two magnitudes ±1.5√s ranks around the middle of a strided sample of s ≈ 4√n non-zero
    /// magnitudes: ±3 standard deviations of the median's rank in the sample.
    /// </summary>
    private static bool TryBracket(ReadOnlySpan<double> values, out double lo, out double hi)
    {
        lo = hi = 0;
        var size = (int)Math.Clamp(4 * Math.Sqrt(values.Length), 32, 16384);
        var stride = Math.Max(1, values.Length / size);
        var sample = ArrayPool<double>.Shared.Rent(size);
        try
        {
            var s = 0;
            for (var i = stride >> 1; i < values.Length && s < size; i += stride)
            {
                if (values[i] != 0)
                    sample[s++] = Math.Abs(values[i]);
            }
            return BracketSelect.BracketFromSample(sample.AsSpan(0, s), out lo, out hi);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(sample);
        }
    }

    /// <summary>
    /// The vector part of <see cref="CountAndGather"/> with AVX-512: VCOMPRESSPD packs the magnitudes
    /// inside the bracket to the front of a register, which is stored whole at the gather position
    /// (the lanes past the packed ones are overwritten by the next store), so eight values cost one
    /// compress and one store instead of a store per lane. Zero and below-bracket counts are taken
    /// from the comparison masks. Returns zeros, below-or-zero count, kept, and where the tail starts.
    /// </summary>
    private static (int Zeros, int BelowOrZero, int Kept, int Next) CountAndGather512(ReadOnlySpan<double> values, double lo, double hi, double[] gathered)
    {
        int zeros = 0, belowOrZero = 0, kept = 0, i = 0;
        ref var start = ref MemoryMarshal.GetReference(values);
        ref var slot = ref MemoryMarshal.GetArrayDataReference(gathered);
        var vlo = Vector512.Create(lo);
        var vhi = Vector512.Create(hi);
        // A store of 8 lanes at kept ≤ i stays inside gathered (its length is at least values.Length).
        for (; i + 8 <= values.Length; i += 8)
        {
            var a = Vector512.Abs(Vector512.LoadUnsafe(ref start, (nuint)i));
            zeros += BitOperations.PopCount(Vector512.Equals(a, Vector512<double>.Zero).ExtractMostSignificantBits());
            belowOrZero += BitOperations.PopCount(Vector512.LessThan(a, vlo).ExtractMostSignificantBits());
            var inside = Vector512.GreaterThanOrEqual(a, vlo) & Vector512.LessThanOrEqual(a, vhi);
            Avx512F.Compress(Vector512<double>.Zero, inside, a).StoreUnsafe(ref slot, (nuint)kept);
            kept += BitOperations.PopCount(inside.ExtractMostSignificantBits());
        }
        return (zeros, belowOrZero, kept, i);
    }

    /// <summary>
    /// Non-zero count, count of non-zero magnitudes below <paramref name="lo"/>, and the magnitudes
    /// in [lo, hi] written to <paramref name="gathered"/> (in index order).
    /// </summary>
    private static (int NonZero, int Below, int Kept) CountAndGather(ReadOnlySpan<double> values, double lo, double hi, double[] gathered)
    {
        int zeros = 0, belowOrZero = 0, kept = 0, i = 0;
        if (Avx512F.IsSupported && values.Length >= 8)
        {
            (zeros, belowOrZero, kept, i) = CountAndGather512(values, lo, hi, gathered);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            ref var start = ref MemoryMarshal.GetReference(values);
            var vlo = Vector256.Create(lo);
            var vhi = Vector256.Create(hi);
            Vector256<long> zeroLanes = Vector256<long>.Zero, belowLanes = Vector256<long>.Zero;
            for (; i + 4 <= values.Length; i += 4)
            {
                var a = Vector256.Abs(Vector256.LoadUnsafe(ref start, (nuint)i));
                // Comparison lanes are all ones (−1) where true: subtracting counts them.
                zeroLanes -= Vector256.Equals(a, Vector256<double>.Zero).AsInt64();
                belowLanes -= Vector256.LessThan(a, vlo).AsInt64();
                var inside = Vector256.GreaterThanOrEqual(a, vlo) & Vector256.LessThanOrEqual(a, vhi);
                var mask = inside.ExtractMostSignificantBits();
                // Branch-free: a few % of the values fall inside, in no pattern, so a test per
                // vector mispredicts often; every lane is stored and only the inside ones are kept.
                ref var slot = ref MemoryMarshal.GetArrayDataReference(gathered);
                Unsafe.Add(ref slot, kept) = a.GetElement(0);
                kept += (int)(mask & 1);
                Unsafe.Add(ref slot, kept) = a.GetElement(1);
                kept += (int)((mask >> 1) & 1);
                Unsafe.Add(ref slot, kept) = a.GetElement(2);
                kept += (int)((mask >> 2) & 1);
                Unsafe.Add(ref slot, kept) = a.GetElement(3);
                kept += (int)((mask >> 3) & 1);
            }
            zeros = (int)Vector256.Sum(zeroLanes);
            belowOrZero = (int)Vector256.Sum(belowLanes);
        }
        for (; i < values.Length; i++)
        {
            var a = Math.Abs(values[i]);
            zeros += a == 0 ? 1 : 0;
            belowOrZero += a < lo ? 1 : 0;
            if (a >= lo && a <= hi)
                gathered[kept++] = a;
        }
        // lo > 0 (a sampled non-zero magnitude), so every zero is also counted below lo.
        return (values.Length - zeros, belowOrZero - zeros, kept);
    }
}
