using System.Buffers;
using System.Runtime.CompilerServices;

namespace VolunteerGrid.WorkUnits.CcdReduction;

/// <summary>
/// Exact order statistics of large float arrays in a few sequential passes and no copy: floats
/// map to order-preserving 32-bit keys (sign bit flipped for positives, all bits for negatives),
/// a histogram of the top 16 bits finds the bucket holding the k-th value, a second histogram of
/// the low 16 bits inside that bucket finds the value (radix selection; cf. Knuth TAOCP vol. 3
/// §5.2.5). Non-finite values are skipped. ~10× faster than quickselect on frame-sized arrays,
/// whose random accesses miss the caches.
/// <para>
/// Calibration frames are narrow (a bias is a few ADU wide, a normalised flat a few 1e-3), so nearly
/// every value hits the same one or two buckets and consecutive increments of one counter wait on
/// each other (store-to-load forwarding, ~5 cycles each). Four interleaved histograms, summed
/// afterwards, give four independent chains: the passes run ~3× faster with the same counts.
/// </para>
/// </summary>
internal static class RadixSelect
{
    private const int Buckets = 1 << 16;

    /// <summary>Interleaved copies of each histogram (see the class remarks).</summary>
    private const int Ways = 4;

    /// <summary>Median of the finite values (mean of the two middle ones for even counts); NaN when none.</summary>
    public static double Median(ReadOnlySpan<float> data)
    {
        var high = ArrayPool<int>.Shared.Rent(Buckets * Ways);
        var low = ArrayPool<int>.Shared.Rent(Buckets * Ways);
        try
        {
            Array.Clear(high, 0, Buckets * Ways);
            var n = Histogram(data, high, 16, 0, 0);
            if (n == 0)
                return double.NaN;
            var half = n >> 1;
            if ((n & 1) == 1)
                return SelectPair(data, high, low, half, half).Upper;
            var (lower, upper) = SelectPair(data, high, low, half - 1, half);
            return 0.5 * ((double)lower + upper);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(high);
            ArrayPool<int>.Shared.Return(low);
        }
    }

    /// <summary>
    /// The k1-th and k2-th smallest finite values (0-based, k1 ≤ k2 = k1 or k1 + 1), given the
    /// top-16-bit histogram; one more pass when both lie in one bucket (the usual case), two otherwise.
    /// </summary>
    private static (float Lower, float Upper) SelectPair(ReadOnlySpan<float> data, int[] high, int[] low, int k1, int k2)
    {
        var (b1, before1) = Bucket(high, k1);
        var (b2, before2) = Bucket(high, k2);
        FillLow(data, low, b2);
        var upper = InBucket(low, b2, k2 - before2);
        if (b1 != b2)
            FillLow(data, low, b1);
        return (InBucket(low, b1, k1 - before1), upper);
    }

    private static (int Bucket, int Before) Bucket(int[] high, int k)
    {
        var bucket = 0;
        var before = 0;
        while (before + high[bucket] <= k)
            before += high[bucket++];
        return (bucket, before);
    }

    private static void FillLow(ReadOnlySpan<float> data, int[] low, int bucket)
    {
        Array.Clear(low, 0, Buckets * Ways);
        Histogram(data, low, 0, 0xFFFF_0000u, (uint)bucket << 16);
    }

    /// <summary>
    /// Counts ((key &gt;&gt; shift) &amp; 0xFFFF) of the finite values whose key &amp; filterMask equals
    /// filterValue into <paramref name="counts"/> (<see cref="Ways"/> interleaved copies, then summed
    /// into the first <see cref="Buckets"/> slots); returns how many values were counted.
    /// </summary>
    // Runs once per frame over millions of pixels: JIT it optimised at once. Tier-0 code and OSR
    // lasted several runs when the machine was loaded (the background tier-up JIT starves).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Histogram(ReadOnlySpan<float> data, int[] counts, int shift, uint filterMask, uint filterValue)
    {
        var c0 = counts.AsSpan(0, Buckets);
        var c1 = counts.AsSpan(Buckets, Buckets);
        var c2 = counts.AsSpan(2 * Buckets, Buckets);
        var c3 = counts.AsSpan(3 * Buckets, Buckets);
        var i = 0;
        for (; i + 4 <= data.Length; i += 4)
        {
            Count(c0, data[i], shift, filterMask, filterValue);
            Count(c1, data[i + 1], shift, filterMask, filterValue);
            Count(c2, data[i + 2], shift, filterMask, filterValue);
            Count(c3, data[i + 3], shift, filterMask, filterValue);
        }
        for (; i < data.Length; i++)
            Count(c0, data[i], shift, filterMask, filterValue);
        var n = 0;
        for (var b = 0; b < Buckets; b++)
        {
            var sum = c0[b] + c1[b] + c2[b] + c3[b];
            c0[b] = sum;
            n += sum;
        }
        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Count(Span<int> counts, float v, int shift, uint filterMask, uint filterValue)
    {
        var key = Key(v);
        if (float.IsFinite(v) && (key & filterMask) == filterValue)
            counts[(int)((key >> shift) & 0xFFFF)]++;
    }

    private static float InBucket(int[] low, int bucket, int rank)
    {
        var slot = 0;
        while (rank >= low[slot])
            rank -= low[slot++];
        return FromKey(((uint)bucket << 16) | (uint)slot);
    }

    private static uint Key(float f)
    {
        var u = BitConverter.SingleToUInt32Bits(f);
        return (u & 0x8000_0000u) != 0 ? ~u : u | 0x8000_0000u;
    }

    private static float FromKey(uint key) =>
        BitConverter.UInt32BitsToSingle((key & 0x8000_0000u) != 0 ? key & 0x7FFF_FFFFu : ~key);
}
