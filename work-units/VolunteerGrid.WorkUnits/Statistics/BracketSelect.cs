using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VolunteerGrid.WorkUnits.Statistics;

/// <summary>
/// Exact median of the finite values of a float span, by sampling (Floyd &amp; Rivest 1975,
/// "Expected time bounds for selection", CACM 18(3), 165): a strided sample gives two values
/// that bracket the middle ranks with high probability; one vectorised pass counts the finite
/// values below, at and up to both ends of the bracket, a second gathers the values strictly inside it, and
/// <see cref="QuickSelect"/> finishes on those. The result is the same order statistic any exact
/// method gives (bit for bit, even counts averaged in double as numpy does); when the bracket
/// misses the middle ranks (unlucky or adversarial layouts) it says so and the caller falls back
/// to its full method. Frame-sized arrays: two streaming passes instead of the three scattered
/// histogram passes of a radix select; 32×32 blocks: ~¼ of the values reach the quickselect.
/// </summary>
internal static class BracketSelect
{
    /// <summary>Arrays shorter than this are not worth sampling.</summary>
    private const int MinimumLength = 64;

    /// <summary>Arrays up to this length gather into a stack buffer with branch-free writes.</summary>
    private const int SmallLength = 4096;

    /// <summary>
    /// The median of the finite values of <paramref name="data"/> (mean of the two middle ones for
    /// even counts), or false when there are none or the sampled bracket missed the middle ranks.
    /// The data are only read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryMedian(ReadOnlySpan<float> data, out double median)
    {
        median = double.NaN;
        if (data.Length < MinimumLength)
            return false;
        if (!TryBracket(data, out var lo, out var hi))
            return false;
        var c = Count(data, lo, hi);
        if (c.Finite == 0)
            return false;
        var upperRank = c.Finite >> 1;
        var lowerRank = (c.Finite & 1) == 1 ? upperRank : upperRank - 1;
        if (c.Below > lowerRank || c.AtMostHi <= upperRank)
            return false;
        // Ranks in [Below, AtMostLo) are lo and ranks in [BelowHi, AtMostHi) are hi: integer-valued
        // frames (raw biases) tie heavily on a few values, so only the values strictly between the
        // two are gathered and selected.
        var inside = Math.Max(0, c.BelowHi - c.AtMostLo);
        var small = data.Length <= SmallLength;
        Span<float> stack = stackalloc float[small ? data.Length : 0];
        var rented = small || inside == 0 ? null : ArrayPool<float>.Shared.Rent(inside);
        try
        {
            var kept = small ? stack : rented.AsSpan(0, inside);
            if (inside > 0 && lowerRank < c.BelowHi && upperRank >= c.AtMostLo)
            {
                if (small)
                    GatherSmall(data, lo, hi, stack);
                else
                    Gather(data, lo, hi, kept);
            }
            return Resolve(c, lo, hi, kept[..inside], out median);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<float>.Shared.Return(rented);
        }
    }

    private static float Value(int rank, Counts c, float lo, float hi, Span<float> kept) =>
        rank < c.AtMostLo ? lo : rank >= c.BelowHi ? hi : QuickSelect.Select(kept, rank - c.AtMostLo);

    private readonly record struct Counts(int Finite, int Below, int AtMostLo, int BelowHi, int AtMostHi);

    /// <summary>
    /// A strided sample of ~4√n finite values; the bracket is ±3 standard deviations of the
    /// median's rank in the sample (√s / 2), so it misses with probability ~0.3 % for random data.
    /// </summary>
    // Runs once per frame over millions of pixels: JIT it optimised at once. Tier-0 code and OSR
    // lasted several runs when the machine was loaded (the background tier-up JIT starves).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryBracket(ReadOnlySpan<float> data, out float lo, out float hi)
    {
        lo = hi = 0;
        var size = (int)Math.Clamp(4 * Math.Sqrt(data.Length), 32, 16384);
        var stride = data.Length / size;
        Span<float> small = stackalloc float[size <= 256 ? size : 0];
        var rented = size <= 256 ? null : ArrayPool<float>.Shared.Rent(size);
        try
        {
            var sample = size <= 256 ? small : rented.AsSpan(0, size);
            var s = 0;
            for (var i = stride >> 1; i < data.Length && s < size; i += stride)
            {
                if (float.IsFinite(data[i]))
                    sample[s++] = data[i];
            }
            return BracketFromSample(sample[..s], out lo, out hi);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>Two sample values around the sample's middle rank, ±1.5√s ranks apart (false for fewer than 16 samples); reorders the sample.</summary>
    internal static bool BracketFromSample<T>(Span<T> sample, out T lo, out T hi)
        where T : INumber<T>
    {
        lo = hi = T.Zero;
        var s = sample.Length;
        if (s < 16)
            return false;
        var margin = (int)Math.Ceiling(1.5 * Math.Sqrt(s));
        var middle = (s - 1) >> 1;
        // Two selections instead of a sort of the sample: any pair of sample values is a valid
        // bracket (the counts decide), these two just make it tight.
        var hiRank = Math.Min(s - 1, middle + 1 + margin);
        var loRank = Math.Max(0, middle - margin);
        hi = QuickSelect.Select(sample, hiRank);
        lo = QuickSelect.Select(sample[..hiRank], loRank);
        return true;
    }

    /// <summary>
    /// The same median of a frame that exists only as rows: <paramref name="fillRow"/>(y, target)
    /// writes row y (of <paramref name="height"/> rows of <paramref name="width"/> values). The
    /// sample comes from ~64 evenly spaced rows; then ONE pass over the rows counts and gathers at
    /// once (the gather buffer grows if the bracket is wider than expected), so a derived frame (a
    /// bias-subtracted flat) is never written out. False when the bracket misses, as above.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryMedian(int height, int width, Action<int, Span<float>> fillRow, out double median)
    {
        median = double.NaN;
        var length = (long)height * width;
        if (length < MinimumLength || length > int.MaxValue)
            return false;
        var row = ArrayPool<float>.Shared.Rent(width);
        var size = (int)Math.Clamp(4 * Math.Sqrt(length), 32, 16384);
        var sampleRows = Math.Min(height, 64);
        var step = Math.Max(1, width / Math.Max(1, size / sampleRows));
        var sample = ArrayPool<float>.Shared.Rent(sampleRows * ((width / step) + 1));
        var kept = ArrayPool<float>.Shared.Rent(Math.Max(4096, (int)(length / 16)));
        try
        {
            var s = 0;
            for (var r = 0; r < sampleRows; r++)
            {
                fillRow((int)(((2L * r) + 1) * height / (2 * sampleRows)), row.AsSpan(0, width));
                for (var x = step >> 1; x < width; x += step)
                {
                    if (float.IsFinite(row[x]))
                        sample[s++] = row[x];
                }
            }
            if (!BracketFromSample(sample.AsSpan(0, s), out var lo, out var hi))
                return false;
            var c = default(Counts);
            var n = 0;
            for (var y = 0; y < height; y++)
            {
                var values = row.AsSpan(0, width);
                fillRow(y, values);
                var rowCounts = Count(values, lo, hi);
                c = new Counts(c.Finite + rowCounts.Finite, c.Below + rowCounts.Below, c.AtMostLo + rowCounts.AtMostLo,
                    c.BelowHi + rowCounts.BelowHi, c.AtMostHi + rowCounts.AtMostHi);
                var inside = rowCounts.BelowHi - rowCounts.AtMostLo;
                if (inside <= 0)
                    continue;
                if (n + inside > kept.Length)
                {
                    var larger = ArrayPool<float>.Shared.Rent(Math.Max(2 * kept.Length, n + inside));
                    kept.AsSpan(0, n).CopyTo(larger);
                    ArrayPool<float>.Shared.Return(kept);
                    kept = larger;
                }
                Gather(values, lo, hi, kept.AsSpan(n, inside));
                n += inside;
            }
            return Resolve(c, lo, hi, kept.AsSpan(0, n), out median);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(row);
            ArrayPool<float>.Shared.Return(sample);
            ArrayPool<float>.Shared.Return(kept);
        }
    }

    /// <summary>
    /// The median from the counts and the values strictly inside (lo, hi), or false when the
    /// bracket missed the middle ranks; reorders <paramref name="kept"/>.
    /// </summary>
    private static bool Resolve(Counts c, float lo, float hi, Span<float> kept, out double median)
    {
        median = double.NaN;
        if (c.Finite == 0)
            return false;
        var upperRank = c.Finite >> 1;
        var lowerRank = (c.Finite & 1) == 1 ? upperRank : upperRank - 1;
        if (c.Below > lowerRank || c.AtMostHi <= upperRank)
            return false;
        var upper = Value(upperRank, c, lo, hi, kept);
        if (lowerRank == upperRank)
        {
            median = upper;
            return true;
        }
        float lower;
        if (lowerRank >= c.AtMostLo && upperRank < c.BelowHi)
        {
            // After selecting rank k, everything left of it is <= it: the lower middle is their max.
            lower = float.NegativeInfinity;
            foreach (var v in kept[..(upperRank - c.AtMostLo)])
                lower = Math.Max(lower, v);
        }
        else
        {
            lower = Value(lowerRank, c, lo, hi, kept);
        }
        median = 0.5 * ((double)lower + upper);
        return true;
    }

    /// <summary>Finite values, and finite values &lt; lo, ≤ lo, &lt; hi, ≤ hi.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Counts Count(ReadOnlySpan<float> data, float lo, float hi)
    {
        int finite = 0, below = 0, atMostLo = 0, belowHi = 0, atMostHi = 0, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var start = ref MemoryMarshal.GetReference(data);
            var infinity = Vector256.Create(float.PositiveInfinity);
            var vLo = Vector256.Create(lo);
            var vHi = Vector256.Create(hi);
            // Masks are -1 per true lane: subtracting them counts. Int32 lanes cannot overflow
            // (a span holds < 2^31 values).
            Vector256<int> f = default, b = default, bl = default, bh = default, ah = default;
            for (; i <= data.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var v = Vector256.LoadUnsafe(ref start, (nuint)i);
                var isFinite = Vector256.LessThan(Vector256.Abs(v), infinity);
                f -= isFinite.AsInt32();
                b -= (Vector256.LessThan(v, vLo) & isFinite).AsInt32();
                bl -= (Vector256.LessThanOrEqual(v, vLo) & isFinite).AsInt32();
                bh -= (Vector256.LessThan(v, vHi) & isFinite).AsInt32();
                ah -= (Vector256.LessThanOrEqual(v, vHi) & isFinite).AsInt32();
            }
            finite = Vector256.Sum(f);
            below = Vector256.Sum(b);
            atMostLo = Vector256.Sum(bl);
            belowHi = Vector256.Sum(bh);
            atMostHi = Vector256.Sum(ah);
        }
        for (; i < data.Length; i++)
        {
            var v = data[i];
            if (!float.IsFinite(v))
                continue;
            finite++;
            below += v < lo ? 1 : 0;
            atMostLo += v <= lo ? 1 : 0;
            belowHi += v < hi ? 1 : 0;
            atMostHi += v <= hi ? 1 : 0;
        }
        return new Counts(finite, below, atMostLo, belowHi, atMostHi);
    }

    /// <summary>
    /// Gathers the values strictly between lo and hi into <paramref name="kept"/> (room for all of
    /// data): every value is written and the count advances only for those inside, so there is no
    /// branch to mispredict when a quarter of a block's values are inside.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GatherSmall(ReadOnlySpan<float> data, float lo, float hi, Span<float> kept)
    {
        var n = 0;
        foreach (var v in data)
        {
            kept[n] = v;
            n += (v > lo) & (v < hi) ? 1 : 0;
        }
    }

    /// <summary>Gathers the (few, in a frame-sized array) values strictly between lo and hi into <paramref name="kept"/>, which has exactly room for them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Gather(ReadOnlySpan<float> data, float lo, float hi, Span<float> kept)
    {
        int i = 0, n = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var start = ref MemoryMarshal.GetReference(data);
            var vLo = Vector256.Create(lo);
            var vHi = Vector256.Create(hi);
            for (; i <= data.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var v = Vector256.LoadUnsafe(ref start, (nuint)i);
                var bits = (Vector256.GreaterThan(v, vLo) & Vector256.LessThan(v, vHi)).ExtractMostSignificantBits();
                while (bits != 0)
                {
                    kept[n++] = Unsafe.Add(ref start, i + BitOperations.TrailingZeroCount(bits));
                    bits &= bits - 1;
                }
            }
        }
        for (; i < data.Length; i++)
        {
            var v = data[i];
            if (v > lo && v < hi)
                kept[n++] = v;
        }
    }
}
