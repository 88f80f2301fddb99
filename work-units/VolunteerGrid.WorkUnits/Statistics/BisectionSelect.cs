using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VolunteerGrid.WorkUnits.Statistics;

/// <summary>
/// Exact median of the finite values of a small float span (a 32×32 block: 1024 values) by
/// bisection on the values' bit patterns instead of partitioning them. Each float maps to an int
/// key that orders as the float does (IEEE 754-2008 §5.10 totalOrder: non-negative floats order as
/// their bits, negative ones reversed); the rank-k value is the smallest key K with at least k + 1
/// keys ≤ K, found by halving [min key, max key] with one branch-free vector count per step (at
/// most 32 steps). Quickselect's data-dependent branches mispredict about half the time on noise;
/// these counts do not branch at all, so a block costs a few hundred vector compares.
/// The result is the same order statistic any exact method gives (even counts averaged in double,
/// as numpy does); −0 counts as +0.
/// </summary>
internal static class BisectionSelect
{
    /// <summary>
    /// The median of the finite values of <paramref name="data"/>, or NaN when there are none.
    /// <paramref name="keys"/> is scratch with room for data.Length values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Median(ReadOnlySpan<float> data, Span<int> keys)
    {
        if (keys.Length < data.Length)
            throw new ArgumentException("the key scratch must hold every value", nameof(keys));
        var n = ToKeys(data, keys, out var min, out var max);
        return n == 0 ? double.NaN : MedianOfKeys(keys[..n], min, max);
    }

    /// <summary>
    /// The median of <paramref name="data"/> when every value is finite (an overscan row, normally);
    /// false, with nothing computed, when any is NaN or ±∞, so the caller keeps its own rules for those.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryMedianOfAllFinite(ReadOnlySpan<float> data, Span<int> keys, out double median)
    {
        if (keys.Length < data.Length)
            throw new ArgumentException("the key scratch must hold every value", nameof(keys));
        var n = ToKeys(data, keys, out var min, out var max);
        median = n == data.Length && n > 0 ? MedianOfKeys(keys[..n], min, max) : double.NaN;
        return n == data.Length && n > 0;
    }

    private static double MedianOfKeys(Span<int> live, int min, int max)
    {
        var n = live.Length;
        var upperRank = n >> 1;
        if ((n & 1) == 1)
            return Value(Select(live, upperRank, min, max));
        var lowerKey = Select(live, upperRank - 1, min, max);
        // The upper middle is the same key when it repeats past the lower rank, else the next key up.
        var upperKey = CountAtMost(live, lowerKey) > upperRank ? lowerKey : SmallestAbove(live, lowerKey);
        return 0.5 * ((double)Value(lowerKey) + Value(upperKey));
    }

    /// <summary>Sortable key of a finite float; −0 is folded into +0 first.</summary>
    private static int Key(float value)
    {
        var bits = BitConverter.SingleToInt32Bits(value + 0f);
        return bits ^ ((bits >> 31) & 0x7FFF_FFFF);
    }

    private static float Value(int key) => BitConverter.Int32BitsToSingle(key ^ ((key >> 31) & 0x7FFF_FFFF));

    /// <summary>Keys of the finite values, packed; returns their count and the smallest and largest key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ToKeys(ReadOnlySpan<float> data, Span<int> keys, out int min, out int max)
    {
        min = int.MaxValue;
        max = int.MinValue;
        var n = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var source = ref MemoryMarshal.GetReference(data);
            ref var target = ref MemoryMarshal.GetReference(keys);
            var exponent = Vector256.Create(0x7F80_0000);
            var magnitude = Vector256.Create(0x7FFF_FFFF);
            var vMin = Vector256.Create(int.MaxValue);
            var vMax = Vector256.Create(int.MinValue);
            for (; i <= data.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var v = Vector256.LoadUnsafe(ref source, (nuint)i) + Vector256<float>.Zero;
                var bits = v.AsInt32();
                // A float is finite unless its exponent bits are all ones (Inf, NaN).
                if (Vector256.EqualsAny(bits & exponent, exponent))
                {
                    for (var j = i; j < i + Vector256<float>.Count; j++)
                        n = Append(data[j], keys, n, ref min, ref max);
                    continue;
                }
                var key = bits ^ (Vector256.ShiftRightArithmetic(bits, 31) & magnitude);
                key.StoreUnsafe(ref target, (nuint)n);
                vMin = Vector256.Min(vMin, key);
                vMax = Vector256.Max(vMax, key);
                n += Vector256<float>.Count;
            }
            for (var lane = 0; lane < Vector256<int>.Count; lane++)
            {
                min = Math.Min(min, vMin[lane]);
                max = Math.Max(max, vMax[lane]);
            }
        }
        for (; i < data.Length; i++)
            n = Append(data[i], keys, n, ref min, ref max);
        return n;
    }

    private static int Append(float value, Span<int> keys, int n, ref int min, ref int max)
    {
        if (!float.IsFinite(value))
            return n;
        var key = Key(value);
        keys[n] = key;
        min = Math.Min(min, key);
        max = Math.Max(max, key);
        return n + 1;
    }

    /// <summary>The smallest key K in [min, max] with more than <paramref name="rank"/> keys ≤ K: the rank-th smallest key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Select(ReadOnlySpan<int> keys, int rank, int min, int max)
    {
        long lo = min, hi = max;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            if (CountAtMost(keys, (int)mid) > rank)
                hi = mid;
            else
                lo = mid + 1;
        }
        return (int)lo;
    }

    /// <summary>How many keys are ≤ <paramref name="limit"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CountAtMost(ReadOnlySpan<int> keys, int limit)
    {
        var i = 0;
        var above = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var start = ref MemoryMarshal.GetReference(keys);
            var vLimit = Vector256.Create(limit);
            // Two accumulators keep two compare-and-add chains in flight; a mask is -1 per true lane.
            Vector256<int> a = default, b = default;
            const int Step = 2 * 8;
            for (; i <= keys.Length - Step; i += Step)
            {
                a += Vector256.GreaterThan(Vector256.LoadUnsafe(ref start, (nuint)i), vLimit);
                b += Vector256.GreaterThan(Vector256.LoadUnsafe(ref start, (nuint)(i + 8)), vLimit);
            }
            above = -Vector256.Sum(a + b);
        }
        for (; i < keys.Length; i++)
            above += keys[i] > limit ? 1 : 0;
        return keys.Length - above;
    }

    /// <summary>The smallest key above <paramref name="limit"/> (the caller knows one exists).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int SmallestAbove(ReadOnlySpan<int> keys, int limit)
    {
        var i = 0;
        var best = int.MaxValue;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var start = ref MemoryMarshal.GetReference(keys);
            var vLimit = Vector256.Create(limit);
            var none = Vector256.Create(int.MaxValue);
            var vBest = none;
            for (; i <= keys.Length - Vector256<int>.Count; i += Vector256<int>.Count)
            {
                var k = Vector256.LoadUnsafe(ref start, (nuint)i);
                vBest = Vector256.Min(vBest, Vector256.ConditionalSelect(Vector256.GreaterThan(k, vLimit), k, none));
            }
            for (var lane = 0; lane < Vector256<int>.Count; lane++)
                best = Math.Min(best, vBest[lane]);
        }
        for (; i < keys.Length; i++)
        {
            if (keys[i] > limit)
                best = Math.Min(best, keys[i]);
        }
        return best;
    }
}
