using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VolunteerGrid.WorkUnits.CcdReduction;

/// <summary>
/// The per-row tests of <see cref="BadPixelMap"/>, 32 pixels at a time with Vector256 (four float
/// vectors narrowed to one byte vector of flags) and a scalar tail that applies the same rules.
/// </summary>
internal static class BadPixelRows
{
    /// <summary>
    /// Flat outliers: not finite or ≤ 0 → no response and cold; flat/surface below <paramref name="low"/>
    /// → cold; above <paramref name="high"/> → over-responsive. The ratio is a float compared with
    /// double thresholds, as the scalar rule does; the vector path compares against the float
    /// thresholds that give the same answers (see <see cref="FloatBelow"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FlagFlat(ReadOnlySpan<float> flat, ReadOnlySpan<float> surface, double low, double high, Span<byte> map)
    {
        var x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vLow = Vector256.Create(FloatBelow(low));
            var vHigh = Vector256.Create(FloatAbove(high));
            var infinity = Vector256.Create(float.PositiveInfinity);
            var noResponse = Vector256.Create((int)(BadPixelFlags.NoResponse | BadPixelFlags.Cold));
            var cold = Vector256.Create((int)BadPixelFlags.Cold);
            var flatHigh = Vector256.Create((int)BadPixelFlags.FlatHigh);
            Vector256<int> Flags(ReadOnlySpan<float> flat, ReadOnlySpan<float> surface, int at)
            {
                var v = Vector256.Create(flat[at..]);
                var ratio = v / Vector256.Create(surface[at..]);
                // NaN fails both tests, so 'good' is exactly finite and > 0.
                var good = Vector256.GreaterThan(v, Vector256<float>.Zero) & Vector256.LessThan(v, infinity);
                var isCold = Vector256.LessThan(ratio, vLow);
                var isHigh = Vector256.GreaterThan(ratio, vHigh) & ~isCold;
                return Vector256.ConditionalSelect(good.AsInt32(), (isCold.AsInt32() & cold) | (isHigh.AsInt32() & flatHigh), noResponse);
            }
            for (; x <= flat.Length - 32; x += 32)
                Or(map, x, Flags(flat, surface, x), Flags(flat, surface, x + 8), Flags(flat, surface, x + 16), Flags(flat, surface, x + 24));
        }
        for (; x < flat.Length; x++)
        {
            if (!float.IsFinite(flat[x]) || flat[x] <= 0)
            {
                map[x] |= (byte)(BadPixelFlags.NoResponse | BadPixelFlags.Cold);
                continue;
            }
            var ratio = flat[x] / surface[x];
            if (ratio < low)
                map[x] |= (byte)BadPixelFlags.Cold;
            else if (ratio > high)
                map[x] |= (byte)BadPixelFlags.FlatHigh;
        }
    }

    /// <summary>Hot: residual above <paramref name="limit"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FlagHot(ReadOnlySpan<float> residual, float limit, Span<byte> map)
    {
        var x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vLimit = Vector256.Create(limit);
            var hot = Vector256.Create((int)BadPixelFlags.Hot);
            Vector256<int> Flags(ReadOnlySpan<float> residual, int at) => Vector256.GreaterThan(Vector256.Create(residual[at..]), vLimit).AsInt32() & hot;
            for (; x <= residual.Length - 32; x += 32)
                Or(map, x, Flags(residual, x), Flags(residual, x + 8), Flags(residual, x + 16), Flags(residual, x + 24));
        }
        for (; x < residual.Length; x++)
        {
            if (residual[x] > limit)
                map[x] |= (byte)BadPixelFlags.Hot;
        }
    }

    /// <summary>Adds 1 to <paramref name="counts"/>[x] for every non-zero byte of <paramref name="row"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CountNonZero(ReadOnlySpan<byte> row, Span<int> counts)
    {
        var x = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var b = ref MemoryMarshal.GetReference(row);
            ref var c = ref MemoryMarshal.GetReference(counts);
            for (; x <= row.Length - 32; x += 32)
            {
                var v = Vector256.LoadUnsafe(ref b, (nuint)x);
                // Nearly every chunk of a good CCD is clean: skip the widening for those.
                if (v == Vector256<byte>.Zero)
                    continue;
                var ones = ~Vector256.Equals(v, Vector256<byte>.Zero) & Vector256<byte>.One;
                var (lo, hi) = Vector256.Widen(ones);
                var (a, bb) = Vector256.Widen(lo);
                var (cc, d) = Vector256.Widen(hi);
                (Vector256.LoadUnsafe(ref c, (nuint)x) + a.AsInt32()).StoreUnsafe(ref c, (nuint)x);
                (Vector256.LoadUnsafe(ref c, (nuint)(x + 8)) + bb.AsInt32()).StoreUnsafe(ref c, (nuint)(x + 8));
                (Vector256.LoadUnsafe(ref c, (nuint)(x + 16)) + cc.AsInt32()).StoreUnsafe(ref c, (nuint)(x + 16));
                (Vector256.LoadUnsafe(ref c, (nuint)(x + 24)) + d.AsInt32()).StoreUnsafe(ref c, (nuint)(x + 24));
            }
        }
        for (; x < row.Length; x++)
            counts[x] += row[x] != 0 ? 1 : 0;
    }

    /// <summary>
    /// The smallest float t with ((double)r &lt; limit) ⇔ (r &lt; t) for every float r: the limit
    /// itself when it is a float, else the next float above it.
    /// </summary>
    internal static float FloatBelow(double limit)
    {
        var t = (float)limit;
        return t < limit ? MathF.BitIncrement(t) : t;
    }

    /// <summary>The largest float t with ((double)r &gt; limit) ⇔ (r &gt; t) for every float r.</summary>
    internal static float FloatAbove(double limit)
    {
        var t = (float)limit;
        return t > limit ? MathF.BitDecrement(t) : t;
    }

    /// <summary>ORs 32 flags (four vectors of 8 int lanes, each 0–255) into map[x..x+32).</summary>
    private static void Or(Span<byte> map, int x, Vector256<int> a, Vector256<int> b, Vector256<int> c, Vector256<int> d)
    {
        var flags = Vector256.Narrow(Vector256.Narrow(a, b), Vector256.Narrow(c, d)).AsByte();
        ref var m = ref MemoryMarshal.GetReference(map);
        (Vector256.LoadUnsafe(ref m, (nuint)x) | flags).StoreUnsafe(ref m, (nuint)x);
    }
}
